/*
 * TEST ONLY - never shipped. A stand-in for Windows' bcryptprimitives.dll, placed only in the
 * throw-away Wine prefix of scripts/windows-install-check.sh.
 *
 * Why: Rust's std (1.78+) gets its random numbers from ProcessPrng in bcryptprimitives.dll,
 * which every Windows 10 and later has, but Wine 8.0 (Debian 12) does not: the installed
 * nhi-companion.exe would not even load there. This DLL exports ProcessPrng on top of
 * RtlGenRandom (advapi32's SystemFunction036), which Wine has. Real Windows never sees it:
 * the installers ship only nhi-companion.exe, fonts-OFL.txt and (NSIS) uninstall.exe, and
 * the check script verifies exactly that list.
 *
 * Built by the check script with the MinGW cross compiler:
 *   x86_64-w64-mingw32-gcc -O2 -shared -s -o bcryptprimitives.dll bcryptprimitives-standin.c
 */
#include <windows.h>

/* RtlGenRandom is exported by advapi32 under this name; the length is a ULONG. */
BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

/* The documented signature: BOOL ProcessPrng(PBYTE pbData, SIZE_T cbData), always TRUE on
 * Windows. A SIZE_T length is fed to RtlGenRandom in ULONG-sized pieces. */
__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length)
{
    while (length > 0) {
        ULONG piece = length > 0x40000000 ? 0x40000000 : (ULONG)length;
        if (!SystemFunction036(data, piece))
            return FALSE;
        data += piece;
        length -= piece;
    }
    return TRUE;
}
