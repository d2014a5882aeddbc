"""The claimdocs error tree.

The library raises these; only the edges translate them (CLI -> exit status and a
one-line message, web -> HTTP status, worker -> task state). Every error carries a
stable machine-readable ``code`` and a message that says what is wrong and how to fix it.
"""

from __future__ import annotations


class ClaimDocsError(Exception):
    """Base of every error claimdocs raises on purpose."""

    code = "claimdocs_error"
    exit_code = 1

    def __init__(self, message: str, *, file: str | None = None) -> None:
        self.message = message
        self.file = file
        super().__init__(f"{file}: {message}" if file else message)


# --- input files -------------------------------------------------------------------


class InputError(ClaimDocsError):
    """A file of the packet cannot be read; the person has to supply another one."""

    code = "input_error"


class FileMissingError(InputError):
    """The path does not exist or is not a readable file."""

    code = "file_missing"


class EmptyFileError(InputError):
    """The file has no content (0 bytes)."""

    code = "empty_file"


class UnsupportedFormatError(InputError):
    """The content is none of PDF, JPEG, PNG, TIFF, WebP, HEIC (the name does not count)."""

    code = "unsupported_format"


class CorruptFileError(InputError):
    """The content starts like a supported format but cannot be decoded (e.g. truncated)."""

    code = "corrupt_file"


class EncryptedPdfError(InputError):
    """The PDF is password-protected; remove the password and upload it again."""

    code = "encrypted_pdf"


class LimitExceededError(InputError):
    """The file is larger than a configured limit (bytes, pages or pixels)."""

    code = "limit_exceeded"


# --- processing --------------------------------------------------------------------


class ProcessingError(ClaimDocsError):
    """An external program or heavy library failed on an input it accepted."""

    code = "processing_error"


class OcrError(ProcessingError):
    """Tesseract failed or is not installed."""

    code = "ocr_failed"


class OcrTimeoutError(OcrError):
    """Tesseract took longer than the configured per-page timeout."""

    code = "ocr_timeout"


class PageTimeoutError(OcrTimeoutError):
    """Reading a page took longer than the page deadline; its worker process was stopped."""

    code = "page_timeout"


class WorkerCrashedError(OcrError):
    """A page's worker process died while reading it (Tesseract or a decoder crashed)."""

    code = "worker_crashed"


# --- configuration and arguments -------------------------------------------------


class ConfigError(ClaimDocsError):
    """Settings, a policy file or a directory file is invalid."""

    code = "config_error"
    exit_code = 2


class PolicyError(ConfigError):
    """A policy file is invalid; the message names the file and line."""

    code = "policy_invalid"


class DeclarationError(ConfigError):
    """The claim declaration (``--claim``) is malformed."""

    code = "declaration_invalid"
