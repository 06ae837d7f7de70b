"""Schemathesis hooks for scripts/schemathesis.sh.

The sandbox's fault-injection headers make answers go wrong on purpose (a 5xx, a body that is not
JSON, a 30 s wait), so generated values for them are dropped before each call: the run checks the
routes themselves. docs/openapi.yaml still documents both headers.
"""

import schemathesis

DROPPED = {"dialtone-sandbox-fault", "dialtone-sandbox-latency"}


@schemathesis.hook
def before_call(ctx, case, **kwargs):
    if case.headers:
        for name in [name for name in case.headers if name.lower() in DROPPED]:
            del case.headers[name]
