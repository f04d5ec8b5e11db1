/* UEFI variables of the global vendor GUID, through efivarfs. */
#ifndef NEXUS_EFIVARS_H
#define NEXUS_EFIVARS_H

#include <stddef.h>
#include <stdint.h>

#define EFIVAR_MAX 4096

/* The efivarfs folder: $NEXUS_EFIVARS, or /sys/firmware/efi/efivars. */
const char *efivars_dir(void);

/* Read NAME's data (without the attribute word): its length, 0 when the
 * variable does not exist, -1 on error (errno set). */
long efivar_read(const char *name, uint8_t *buf, size_t cap);
/* Write NAME as a non-volatile, boot and runtime variable. */
int efivar_write(const char *name, const uint8_t *data, size_t len);
/* The numbers of the Boot#### variables there are, ascending: their
 * count, or -1 (errno set). */
long efivar_boot_entries(uint16_t *nums, size_t cap);
/* Delete NAME; a variable that is not there is not an error. */
int efivar_delete(const char *name);

#endif
