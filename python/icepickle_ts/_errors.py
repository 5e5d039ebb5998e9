"""The one error type: what went wrong, in which file, at which step or object."""


class IcepickleFormatError(ValueError):
    """A file that is not a valid icepickle pipeline or model (or over a limit); nothing was built."""

    def __init__(self, code, detail, file=None, step=None, obj=None):
        self.code = code
        self.detail = detail
        self.file = file
        self.step = step
        self.object = obj
        where = "" if file is None else "%s: " % (file,)
        at = "" if step is None else "step %r: " % (step,)
        super().__init__("[icepickle_ts] %s%s%s" % (where, at, detail))
