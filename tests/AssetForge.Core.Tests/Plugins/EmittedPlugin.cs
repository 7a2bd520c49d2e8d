namespace AssetForge.Core.Tests.Plugins;

using System.Reflection;
using System.Reflection.Emit;
using AssetForge.Abstractions.Plugins;
using AssetForge.Abstractions.Scheduling;

/// <summary>
/// Writes a real plugin assembly to disk with System.Reflection.Emit: a scheduler factory whose
/// id and version are given, whose constructor may throw, and which may declare a contract
/// version. Everything else throws <see cref="NotSupportedException"/>: loading tests never call it.
/// </summary>
internal static class EmittedPlugin
{
    public static string Write(string pluginsDirectory, string name, string? schedulerId = "emitted", bool constructorThrows = false, (int Major, int Minor)? contract = null, string version = "9.9.9")
    {
        var assembly = new PersistedAssemblyBuilder(new AssemblyName(name) { Version = new Version(1, 0, 0, 0) }, typeof(object).Assembly);
        if (contract is { } declared)
        {
            var attribute = typeof(PluginContractAttribute).GetConstructor([typeof(int), typeof(int)])!;
            assembly.SetCustomAttribute(new CustomAttributeBuilder(attribute, [declared.Major, declared.Minor]));
        }

        var module = assembly.DefineDynamicModule(name);
        if (schedulerId is not null)
        {
            DefineScheduler(module, schedulerId, constructorThrows, version);
        }

        var folder = Path.Combine(pluginsDirectory, name);
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, name + ".dll");
        assembly.Save(path);
        return path;
    }

    private static void DefineScheduler(ModuleBuilder module, string id, bool constructorThrows, string version)
    {
        var type = module.DefineType("Emitted.EmittedScheduler", TypeAttributes.Public | TypeAttributes.Sealed | TypeAttributes.Class, typeof(object), [typeof(ISchedulerFactory)]);
        var constructor = type.DefineConstructor(MethodAttributes.Public, CallingConventions.Standard, Type.EmptyTypes);
        var il = constructor.GetILGenerator();
        il.Emit(OpCodes.Ldarg_0);
        il.Emit(OpCodes.Call, typeof(object).GetConstructor(Type.EmptyTypes)!);
        if (constructorThrows)
        {
            il.Emit(OpCodes.Ldstr, "the emitted plugin refuses to start");
            il.Emit(OpCodes.Newobj, typeof(InvalidOperationException).GetConstructor([typeof(string)])!);
            il.Emit(OpCodes.Throw);
        }
        else
        {
            il.Emit(OpCodes.Ret);
        }

        foreach (var contract in new[] { typeof(ISchedulerFactory), typeof(IPluginComponent) })
        {
            foreach (var method in contract.GetMethods())
            {
                var parameters = Array.ConvertAll(method.GetParameters(), p => p.ParameterType);
                var implementation = type.DefineMethod(
                    contract.FullName + "." + method.Name,
                    MethodAttributes.Private | MethodAttributes.Virtual | MethodAttributes.Final | MethodAttributes.HideBySig | MethodAttributes.NewSlot,
                    method.ReturnType,
                    parameters);
                var body = implementation.GetILGenerator();
                switch (method.Name)
                {
                    case "get_Id":
                        body.Emit(OpCodes.Ldstr, id);
                        body.Emit(OpCodes.Ret);
                        break;
                    case "get_Version":
                        body.Emit(OpCodes.Ldstr, version);
                        body.Emit(OpCodes.Ret);
                        break;
                    case "get_Aliases":
                        body.Emit(OpCodes.Ldc_I4_0);
                        body.Emit(OpCodes.Newarr, typeof(string));
                        body.Emit(OpCodes.Ret);
                        break;
                    case "get_Options":
                        body.Emit(OpCodes.Ldc_I4_0);
                        body.Emit(OpCodes.Newarr, typeof(SchedulerOption));
                        body.Emit(OpCodes.Ret);
                        break;
                    default:
                        body.Emit(OpCodes.Newobj, typeof(NotSupportedException).GetConstructor(Type.EmptyTypes)!);
                        body.Emit(OpCodes.Throw);
                        break;
                }

                type.DefineMethodOverride(implementation, method);
            }
        }

        type.CreateType();
    }
}
