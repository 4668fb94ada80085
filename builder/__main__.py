import os
import sys

from .cli import main

try:
    code = main()
    sys.stdout.flush()
except BrokenPipeError:  # the reader of our output went away (`| head`): no traceback, as with any Unix tool
    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    code = 1
# Everything is written, closed and waited for by now. Leaving through
# os._exit skips freeing the build's objects one by one (a twentieth of a
# second after a build of 10,000 articles); the system takes the memory back
# at once. Only the output buffers need flushing first.
sys.stderr.flush()
os._exit(code)
