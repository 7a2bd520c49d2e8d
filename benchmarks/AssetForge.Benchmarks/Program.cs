using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(AssetForge.Benchmarks.Scheduling.SchedulerStepBenchmarks).Assembly).Run(args);
