"""The check harness the hvac compatibility scripts share.

Each script decorates its checks with @check("name"): a check runs at once, an exception is its
failure, and the run goes on so one discrepancy does not hide the others. One line per check ("ok"
or "FAIL" with the reason and the last lines of the traceback); finish() prints "PASSED n/m" and
exits non-zero when any check failed.
"""

import sys
import traceback
import warnings

# hvac 0.11 warns on its legacy (still shipped) methods and resets the filters to do so.
warnings.showwarning = lambda *args, **kwargs: None

_passed = 0
_failed = []


def check(name):
    """Runs the decorated function at once as one check; an exception is its failure."""

    def run(fn):
        global _passed
        try:
            fn()
        except Exception as e:  # any error, including hvac's, fails only this check
            _failed.append(name)
            print("FAIL %s: %s: %s" % (name, type(e).__name__, e))
            for line in traceback.format_exc().strip().splitlines()[-4:]:
                print("     | " + line)
        else:
            _passed += 1
            print("ok   %s" % name)
        sys.stdout.flush()
        return fn

    return run


def eq(actual, expected, what):
    if actual != expected:
        raise AssertionError("%s: expected %r, got %r" % (what, expected, actual))


def true(cond, what):
    if not cond:
        raise AssertionError(what)


def raises(exc_type, fn, what):
    """Asserts fn() raises exc_type (hvac maps the HTTP status to the exception class)."""
    try:
        result = fn()
    except exc_type as e:
        return e
    except Exception as e:
        raise AssertionError("%s: expected %s, got %s: %s" % (what, exc_type.__name__, type(e).__name__, e))
    raise AssertionError("%s: expected %s, but the call succeeded with %r" % (what, exc_type.__name__, result))


def finish():
    """Prints the summary and exits: 0 when every check passed."""
    print("PASSED %d/%d" % (_passed, _passed + len(_failed)))
    if _failed:
        print("FAILED CHECKS: " + "; ".join(_failed))
    sys.exit(1 if _failed else 0)
