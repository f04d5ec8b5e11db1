/* GUIDs as UEFI and GPT store them: the first three fields little-endian. */
#ifndef NEXUS_GUID_H
#define NEXUS_GUID_H

#include <stdint.h>

/* "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx" (either case) to the 16 bytes
 * on disk; -1 when TEXT is not one. */
int guid_parse(const char *text, uint8_t out[16]);
/* The 16 bytes on disk to lower-case text. */
void guid_format(const uint8_t guid[16], char out[37]);

#endif
