"""A local SMTP server for `make run`: every message is saved as an .eml file instead of delivered."""

import argparse
import signal
import threading
from pathlib import Path

from aiosmtpd.controller import Controller

from adapters.clock import SystemClock


class SaveToFolder:
    def __init__(self, folder: Path):
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)

    async def handle_DATA(self, server, session, envelope):
        stamp = SystemClock().now().strftime("%Y%m%dT%H%M%S%f")  # a file name: the real time
        (self.folder / f"{stamp}.eml").write_bytes(envelope.content)
        return "250 Message accepted for delivery"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=1025)
    parser.add_argument("--dir", type=Path, required=True)
    args = parser.parse_args()
    controller = Controller(SaveToFolder(args.dir), hostname="127.0.0.1", port=args.port)
    controller.start()
    stopped = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stopped.set())
    signal.signal(signal.SIGINT, lambda *_: stopped.set())
    stopped.wait()
    controller.stop()


if __name__ == "__main__":
    main()
