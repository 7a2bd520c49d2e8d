/* Writes, as little-endian float32 bit patterns, the platform libm's logf, sinf and cosf on every
   input PyTorch's plain randn kernel can give them: logf(1 - k/2^24) for k in [0, 2^24), then
   sinf(t_k), then cosf(t_k) with t_k = (float)(2*pi*(k/2^24)) rounded as torch rounds it.
   make_reference.py hashes the three streams; the C# port must give the same digests.
   Build: gcc -O2 -fno-builtin libm_digest.c -lm */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static void put(float f, FILE *out)
{
  uint32_t u;
  memcpy(&u, &f, 4);
  unsigned char b[4] = { u & 0xff, (u >> 8) & 0xff, (u >> 16) & 0xff, u >> 24 };
  fwrite(b, 1, 4, out);
}

int main(void)
{
  const double two_pi = 2.0 * 3.14159265358979323846;
  for (int which = 0; which < 3; which++)
    for (uint32_t k = 0; k < (1u << 24); k++)
      {
        float u = (float)k * (1.0f / 16777216.0f);
        float theta = (float)(two_pi * (double)u);
        put(which == 0 ? logf(1.0f - u) : which == 1 ? sinf(theta) : cosf(theta), stdout);
      }
  return 0;
}
