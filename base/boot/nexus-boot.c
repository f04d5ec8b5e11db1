/*
 * nexus-boot: the UEFI loader of the Nexus ISO (BOOTX64.EFI).
 *
 * It reads \boot\nexus-boot.conf from its own volume, offers a "boot:"
 * prompt for TIMEOUT seconds (a key stops the clock; what is typed is
 * added to the kernel's options, as at isolinux's prompt), then starts
 * the kernel through its EFI stub. The initramfs is handed over through
 * the LoadFile2 protocol on the LINUX_EFI_INITRD_MEDIA device path, the
 * way the stub asks for it since 5.8, so it need not sit beside the
 * kernel nor be named on the command line.
 *
 * The configuration, one "key value" per line, '#' for comments:
 *	kernel \boot\vmlinuz
 *	initrd \boot\initramfs.zst
 *	options console=tty0 console=ttyS0,115200
 *	timeout 5
 *	label nexus
 * A typed line that starts with the label drops it, so one line typed
 * at either loader's prompt ("nexus quiet") boots the same way.
 */
#include <efi.h>
#include <efilib.h>

#define CONF_PATH L"\\boot\\nexus-boot.conf"
#define LINE_MAX_CHARS 512
#define CONF_VALUE_MAX 1024

static EFI_GUID initrd_media_guid = {
	0x5568e427, 0x68fc, 0x4f3d,
	{0xac, 0x74, 0xca, 0x55, 0x52, 0x31, 0xcc, 0x68}
};
static EFI_GUID load_file2_guid = {
	0x4006c0c1, 0xfcb3, 0x403e,
	{0x99, 0x6d, 0x4a, 0x6c, 0x87, 0x24, 0xe0, 0x6d}
};

struct conf {
	CHAR16 kernel[CONF_VALUE_MAX];
	CHAR16 initrd[CONF_VALUE_MAX];
	CHAR16 options[CONF_VALUE_MAX];
	CHAR16 label[64];
	UINTN timeout;
};

/* The initramfs, served to the kernel's stub by LoadFile2. */
static struct {
	VOID *data;
	UINTN size;
} initrd;

static struct {
	VENDOR_DEVICE_PATH vendor;
	EFI_DEVICE_PATH_PROTOCOL end;
} __attribute__((packed)) initrd_path = {
	{{MEDIA_DEVICE_PATH, MEDIA_VENDOR_DP,
	  {sizeof(VENDOR_DEVICE_PATH), 0}}, {0}},
	{END_DEVICE_PATH_TYPE, END_ENTIRE_DEVICE_PATH_SUBTYPE,
	 {sizeof(EFI_DEVICE_PATH_PROTOCOL), 0}},
};

static EFI_STATUS EFIAPI initrd_load(EFI_LOAD_FILE_PROTOCOL *self,
				     EFI_DEVICE_PATH *path, BOOLEAN boot_policy,
				     UINTN *size, VOID *buf)
{
	(void)self;
	(void)path;
	if (boot_policy)
		return EFI_UNSUPPORTED;
	if (size == NULL)
		return EFI_INVALID_PARAMETER;
	if (buf == NULL || *size < initrd.size) {
		*size = initrd.size;
		return EFI_BUFFER_TOO_SMALL;
	}
	CopyMem(buf, initrd.data, initrd.size);
	*size = initrd.size;
	return EFI_SUCCESS;
}

static EFI_LOAD_FILE_PROTOCOL initrd_protocol = { initrd_load };

static VOID fail(const CHAR16 *what, const CHAR16 *name, EFI_STATUS st)
{
	Print(L"nexus-boot: %s %s: %r\r\n", what, name, st);
}

static EFI_STATUS read_file(EFI_FILE_HANDLE root, CHAR16 *name,
			    VOID **data, UINTN *size)
{
	EFI_FILE_HANDLE fh;
	EFI_FILE_INFO *info;
	EFI_STATUS st;

	st = root->Open(root, &fh, name, EFI_FILE_MODE_READ, 0);
	if (EFI_ERROR(st))
		return st;
	info = LibFileInfo(fh);
	if (info == NULL) {
		fh->Close(fh);
		return EFI_DEVICE_ERROR;
	}
	*size = info->FileSize;
	FreePool(info);
	/* One byte more, so text can be ended with a NUL. */
	*data = AllocateZeroPool(*size + 1);
	if (*data == NULL) {
		fh->Close(fh);
		return EFI_OUT_OF_RESOURCES;
	}
	st = fh->Read(fh, size, *data);
	fh->Close(fh);
	if (EFI_ERROR(st))
		FreePool(*data);
	return st;
}

static BOOLEAN is_space(CHAR8 c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

/* Copy the ASCII value [s, e) into DST (CAP wide chars, NUL included). */
static BOOLEAN set_value(CHAR16 *dst, UINTN cap, const CHAR8 *s,
			 const CHAR8 *e)
{
	UINTN n = 0;

	while (s < e && is_space(*s))
		s++;
	while (e > s && is_space(e[-1]))
		e--;
	if ((UINTN)(e - s) >= cap)
		return FALSE;
	while (s < e)
		dst[n++] = (CHAR16)*s++;
	dst[n] = 0;
	return TRUE;
}

static BOOLEAN key_is(const CHAR8 *s, const CHAR8 *e, const CHAR8 *key)
{
	UINTN n = strlena(key);

	return (UINTN)(e - s) == n && strncmpa(s, key, n) == 0;
}

static EFI_STATUS parse_conf(CHAR8 *text, UINTN size, struct conf *c)
{
	CHAR8 *p = text, *end = text + size;
	UINTN lineno = 0;

	while (p < end) {
		CHAR8 *nl = p, *k, *ke;
		BOOLEAN ok = TRUE;
		CHAR16 num[16];

		while (nl < end && *nl != '\n')
			nl++;
		lineno++;
		for (k = p; k < nl && is_space(*k); k++)
			;
		for (ke = k; ke < nl && !is_space(*ke); ke++)
			;
		if (k == nl || *k == '#')
			;
		else if (key_is(k, ke, (CHAR8 *)"kernel"))
			ok = set_value(c->kernel, CONF_VALUE_MAX, ke, nl);
		else if (key_is(k, ke, (CHAR8 *)"initrd"))
			ok = set_value(c->initrd, CONF_VALUE_MAX, ke, nl);
		else if (key_is(k, ke, (CHAR8 *)"options"))
			ok = set_value(c->options, CONF_VALUE_MAX, ke, nl);
		else if (key_is(k, ke, (CHAR8 *)"label"))
			ok = set_value(c->label, 64, ke, nl);
		else if (key_is(k, ke, (CHAR8 *)"timeout") &&
			 set_value(num, 16, ke, nl))
			c->timeout = Atoi(num);
		else
			ok = FALSE;
		if (!ok) {
			Print(L"nexus-boot: %s line %ld: not a setting or too long\r\n",
			      CONF_PATH, (INT64)lineno);
			return EFI_INVALID_PARAMETER;
		}
		p = nl + 1;
	}
	if (c->kernel[0] == 0) {
		Print(L"nexus-boot: %s names no kernel\r\n", CONF_PATH);
		return EFI_INVALID_PARAMETER;
	}
	return EFI_SUCCESS;
}

/* Read a line from the console into BUF, with echo and backspace. */
static VOID read_line(CHAR16 *buf, UINTN cap)
{
	UINTN n = 0, idx;
	EFI_INPUT_KEY key;
	CHAR16 echo[2] = {0, 0};

	for (;;) {
		BS->WaitForEvent(1, &ST->ConIn->WaitForKey, &idx);
		if (EFI_ERROR(ST->ConIn->ReadKeyStroke(ST->ConIn, &key)))
			continue;
		if (key.UnicodeChar == CHAR_CARRIAGE_RETURN ||
		    key.UnicodeChar == CHAR_LINEFEED)
			break;
		if (key.UnicodeChar == CHAR_BACKSPACE || key.UnicodeChar == 0x7f) {
			if (n > 0) {
				n--;
				Print(L"\b \b");
			}
		} else if (key.UnicodeChar >= ' ' && key.UnicodeChar < 0x7f &&
			   n + 1 < cap) {
			buf[n++] = key.UnicodeChar;
			echo[0] = key.UnicodeChar;
			ST->ConOut->OutputString(ST->ConOut, echo);
		}
	}
	buf[n] = 0;
	Print(L"\r\n");
}

/* The prompt: TRUE with LINE filled when a key came before the timeout. */
static BOOLEAN prompt(const struct conf *c, CHAR16 *line, UINTN cap)
{
	EFI_EVENT events[2];
	UINTN idx = 0;

	Print(L"Nexus: press Enter to boot, or type \"%s\" and kernel options.\r\nboot: ",
	      c->label);
	line[0] = 0;
	if (c->timeout == 0) {
		read_line(line, cap);
		return TRUE;
	}
	events[0] = ST->ConIn->WaitForKey;
	if (EFI_ERROR(BS->CreateEvent(EVT_TIMER, 0, NULL, NULL, &events[1])))
		return FALSE;
	BS->SetTimer(events[1], TimerRelative, c->timeout * 10000000ULL);
	BS->WaitForEvent(2, events, &idx);
	BS->CloseEvent(events[1]);
	if (idx != 0) {
		Print(L"\r\n");
		return FALSE;
	}
	read_line(line, cap);
	return TRUE;
}

/* OPTIONS + ' ' + TYPED (its leading label dropped), as a new string. */
static CHAR16 *command_line(const struct conf *c, CHAR16 *typed)
{
	UINTN ll = StrLen(c->label);

	if (ll > 0 && StrnCmp(typed, c->label, ll) == 0 &&
	    (typed[ll] == 0 || typed[ll] == ' '))
		typed += ll;
	while (*typed == ' ')
		typed++;
	return PoolPrint(L"%s%s%s", c->options, *typed ? L" " : L"", typed);
}

/* Called by gnu-efi's crt0, relocations applied, in the SysV ABI. */
EFI_STATUS efi_main(EFI_HANDLE image, EFI_SYSTEM_TABLE *systab);

EFI_STATUS efi_main(EFI_HANDLE image, EFI_SYSTEM_TABLE *systab)
{
	static struct conf conf = { .timeout = 5, .label = L"nexus" };
	static CHAR16 typed[LINE_MAX_CHARS];
	EFI_LOADED_IMAGE *self, *kernel;
	EFI_HANDLE kernel_handle = NULL, initrd_handle = NULL;
	EFI_FILE_HANDLE root;
	EFI_STATUS st;
	VOID *text, *kdata;
	UINTN tsize, ksize;
	CHAR16 *cmdline;

	InitializeLib(image, systab);
	Print(L"nexus-boot, the Nexus UEFI loader\r\n");
	st = BS->HandleProtocol(image, &LoadedImageProtocol, (VOID **)&self);
	if (EFI_ERROR(st))
		return st;
	root = LibOpenRoot(self->DeviceHandle);
	if (root == NULL) {
		fail(L"cannot open", L"the boot volume", EFI_NOT_FOUND);
		return EFI_NOT_FOUND;
	}
	st = read_file(root, CONF_PATH, &text, &tsize);
	if (EFI_ERROR(st)) {
		fail(L"cannot read", CONF_PATH, st);
		goto out;
	}
	st = parse_conf(text, tsize, &conf);
	FreePool(text);
	if (EFI_ERROR(st))
		goto out;

	prompt(&conf, typed, LINE_MAX_CHARS);
	cmdline = command_line(&conf, typed);

	st = read_file(root, conf.kernel, &kdata, &ksize);
	if (EFI_ERROR(st)) {
		fail(L"cannot read", conf.kernel, st);
		goto out;
	}
	if (conf.initrd[0]) {
		st = read_file(root, conf.initrd, &initrd.data, &initrd.size);
		if (EFI_ERROR(st)) {
			fail(L"cannot read", conf.initrd, st);
			goto out;
		}
		initrd_path.vendor.Guid = initrd_media_guid;
		st = LibInstallProtocolInterfaces(&initrd_handle,
						  &DevicePathProtocol,
						  &initrd_path,
						  &load_file2_guid,
						  &initrd_protocol, NULL);
		if (EFI_ERROR(st)) {
			fail(L"cannot offer", conf.initrd, st);
			goto out;
		}
	}
	st = BS->LoadImage(FALSE, image,
			   FileDevicePath(self->DeviceHandle, conf.kernel),
			   kdata, ksize, &kernel_handle);
	if (EFI_ERROR(st)) {
		fail(L"cannot load", conf.kernel, st);
		goto out;
	}
	st = BS->HandleProtocol(kernel_handle, &LoadedImageProtocol,
				(VOID **)&kernel);
	if (EFI_ERROR(st))
		goto out;
	kernel->LoadOptions = cmdline;
	kernel->LoadOptionsSize = (StrLen(cmdline) + 1) * sizeof(CHAR16);
	st = BS->StartImage(kernel_handle, NULL, NULL);
	fail(L"kernel returned:", conf.kernel, st);
out:
	/* Leave the message readable before the firmware moves on. */
	BS->Stall(5000000);	/* microseconds */
	return st;
}
