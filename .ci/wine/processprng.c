/*
 * bcryptprimitives.dll with the one function the Go runtime needs from it.
 *
 * Go (1.22 and later) fills its random state on Windows through ProcessPrng
 * from bcryptprimitives.dll, and stops at start-up when it is missing.
 * Debian's Wine 8.0 has no ProcessPrng, so Go's Windows test binaries cannot
 * start under it. This DLL provides ProcessPrng on top of advapi32's
 * SystemFunction036 (RtlGenRandom), which Wine implements from the host's
 * random source. It is built by .ci/wine/run into the Wine prefix only; it is
 * never part of the package.
 */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length)
{
	while (length > 0) {
		ULONG n = length > 0x40000000 ? 0x40000000 : (ULONG)length;
		if (!SystemFunction036(data, n))
			return FALSE;
		data += n;
		length -= n;
	}
	return TRUE;
}

BOOL WINAPI DllMain(HINSTANCE instance, DWORD reason, LPVOID reserved)
{
	return TRUE;
}
