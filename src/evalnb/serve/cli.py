"""``evalnb forms``: serve the data-entry forms without code, with Voilà.

    evalnb forms [--db URL] [--port P] [--lang xx] [--ip ADDRESS] [--notebooks DIR]

Serves ``notebooks/forms/`` on http://127.0.0.1:P/ (loopback only unless
``--ip`` says otherwise).  The database reaches every kernel as
``$EVALNB_DATA`` and the default language as ``$EVALNB_LANG``; a page's
``?lang=`` overrides it.  Ctrl-C (or SIGTERM) stops the server and its
kernels.
"""

from __future__ import annotations

import argparse
import ipaddress
import os
import socket
import sys
from pathlib import Path

from ..core.i18n import LANGS
from ..errors import InputError

DESCRIPTION = "serve the data-entry forms in the browser (Voilà), for people who never see code"
PROJECT_ROOT = Path(__file__).resolve().parents[3]
DEFAULT_NOTEBOOKS = PROJECT_ROOT / "notebooks" / "forms"
DEFAULT_PORT = 8866
DEFAULT_IDLE_TIMEOUT = 300
LOOPBACK = "127.0.0.1"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of ``evalnb forms`` (the lead's CLI wires them to a sub-command)."""
    parser.add_argument("--db", default=None,
                        help="SQLAlchemy URL or SQLite file of the shared database "
                             "(default: $EVALNB_DATA, else data/evalnb.sqlite)")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT,
                        help=f"port to listen on (default {DEFAULT_PORT})")
    parser.add_argument("--lang", choices=LANGS, default=None,
                        help="default language of the pages (default: $EVALNB_LANG, else en); "
                             "each page can switch")
    parser.add_argument("--ip", default=LOOPBACK,
                        help="address to listen on (default 127.0.0.1: this machine only). "
                             "Another address lets other machines in: the forms have no login")
    parser.add_argument("--notebooks", default=str(DEFAULT_NOTEBOOKS),
                        help="folder of the form notebooks (default notebooks/forms)")
    parser.add_argument("--pool-size", type=int, default=1, dest="pool_size",
                        help="kernels kept warm per form, so that pages open fast (default 1; 0: none)")
    parser.add_argument("--idle-timeout", type=int, default=DEFAULT_IDLE_TIMEOUT, dest="idle_timeout",
                        help="seconds after which the kernel of a page nobody has open any more is "
                             f"stopped (default {DEFAULT_IDLE_TIMEOUT}; pages still open keep theirs)")


def database_url(db: str | None) -> str:
    """The database the forms write to, as a URL; its tables are created if missing."""
    from ..core.store import Store, default_url

    raw = db or default_url()
    try:
        store = Store(raw)
    except Exception as exc:  # unreachable server, bad URL, unwritable file
        raise InputError(f"cannot open the database {raw!r}: {type(exc).__name__}: {exc}",
                         column="--db", value=raw, rule="a database evalnb can open",
                         hint="check the URL, that the server runs, and the password") from None
    try:
        return store.engine.url.render_as_string(hide_password=False)
    finally:
        store.engine.dispose()


def check_ip(ip: str) -> bool:
    """True for a loopback address; raises InputError for something that is no address."""
    if ip == "localhost":
        return True
    try:
        return ipaddress.ip_address(ip).is_loopback
    except ValueError:
        raise InputError(f"not an IP address: {ip!r}", column="--ip", value=ip,
                         rule="an IPv4 or IPv6 address, e.g. 127.0.0.1") from None


def check_port(ip: str, port: int) -> None:
    if not 0 < port < 65536:
        raise InputError(f"port {port} is out of range", column="--port", value=port, rule="1 … 65535")
    family = socket.AF_INET6 if ":" in ip else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the server will
        try:
            s.bind((ip, port))
        except OSError as exc:
            raise InputError(f"cannot listen on {ip}:{port}: {exc.strerror or exc}", column="--port",
                             value=port, rule="a free port", hint="choose another with --port") from None


def voila_argv(notebooks: str | Path, port: int, ip: str, pool_size: int = 1,
               idle_timeout: int = DEFAULT_IDLE_TIMEOUT) -> list[str]:
    """Voilà's options: no browser, this address and port only, no tracebacks for users.

    With ``pool_size`` > 0, Voilà keeps that many kernels per form warm (the
    imports done, waiting for a request), so a page opens in a second or two.
    A kernel whose page was closed is stopped at once (the page says so) and in
    any case after ``idle_timeout`` seconds without a page (a browser that
    crashed never says); the warm pool is never culled.
    """
    argv = [str(notebooks), "--no-browser", f"--port={port}", f"--Voila.ip={ip}",
            "--Voila.port_retries=0", "--show_tracebacks=False", "--theme=light",
            "--Voila.log_level=WARN",
            # a busy machine may deliver a form's widgets late: wait for them rather than show a blank page
            "--VoilaExecutor.iopub_timeout=60",
            # JupyterLab's Jupytext extension has no use on a form page (and fails to load there)
            "--VoilaConfiguration.extension_denylist=jupyterlab-jupytext",
            # kernels on this machine talk over Unix sockets, not TCP: nothing to eavesdrop on
            "--KernelManager.transport=ipc"]
    if pool_size > 0:
        argv += ["--preheat_kernel=True", f"--pool_size={pool_size}"]
    if idle_timeout > 0:
        argv += [f"--MappingKernelManager.cull_idle_timeout={idle_timeout}",
                 f"--MappingKernelManager.cull_interval={max(1, min(60, idle_timeout // 2))}",
                 "--MappingKernelManager.cull_connected=False"]
    return argv


def start_url(ip: str, port: int, lang: str | None = None) -> str:
    host = f"[{ip}]" if ":" in ip else ip
    return f"http://{host}:{port}/" + (f"?lang={lang}" if lang else "")


def prepare(args) -> tuple[list[str], dict[str, str]]:
    """Check the options; return Voilà's arguments and the environment its kernels get."""
    notebooks = Path(args.notebooks)
    if notebooks.resolve() == DEFAULT_NOTEBOOKS.resolve():
        # the forms of every registered domain, written afresh: a new domain needs no edit here
        from .registry import write_notebooks

        write_notebooks(notebooks)
    if not (notebooks / "index.ipynb").exists():
        raise InputError(f"no form notebooks in {notebooks}", column="--notebooks", value=str(notebooks),
                         rule="a folder with index.ipynb and the form notebooks")
    loopback = check_ip(args.ip)
    check_port(args.ip, args.port)
    lang = args.lang or os.environ.get("EVALNB_LANG") or "en"
    if lang not in LANGS:
        raise InputError(f"unknown language {lang!r}", column="--lang", value=lang, rule=", ".join(LANGS))
    if args.pool_size < 0:
        raise InputError(f"--pool-size {args.pool_size} is negative", column="--pool-size",
                         value=args.pool_size, rule="0 or more")
    if args.idle_timeout < 0:
        raise InputError(f"--idle-timeout {args.idle_timeout} is negative", column="--idle-timeout",
                         value=args.idle_timeout, rule="0 (never) or more seconds")
    # VOILA_APP_IP: where a warm kernel asks for its page's request (Voilà's default is 127.0.0.1)
    env = {"EVALNB_DATA": database_url(args.db), "EVALNB_LANG": lang,
           "VOILA_APP_IP": "127.0.0.1" if args.ip in ("0.0.0.0", "::") else args.ip}
    if not loopback:
        print(f"evalnb forms: WARNING: listening on {args.ip}: anyone who can reach this address can "
              "read and change the data through the forms (there is no login).", file=sys.stderr)
    return voila_argv(notebooks, args.port, args.ip, args.pool_size, args.idle_timeout), env


def run_from_args(args) -> int:
    """Serve until Ctrl-C or SIGTERM; 0 when stopped, 2 on bad options (InputError)."""
    from sqlalchemy.engine import make_url

    argv, env = prepare(args)
    os.environ.update(env)
    shown = make_url(env["EVALNB_DATA"]).render_as_string(hide_password=True)
    print(f"evalnb forms: database {shown}, language {env['EVALNB_LANG']}", flush=True)
    print(f"evalnb forms: open {start_url(args.ip, args.port, env['EVALNB_LANG'])}   (Ctrl-C stops)",
          flush=True)
    from .app import FormsVoila

    FormsVoila.launch_instance(argv=argv)   # returns when Ctrl-C or SIGTERM stops it
    print("evalnb forms: stopped", flush=True)
    return 0
