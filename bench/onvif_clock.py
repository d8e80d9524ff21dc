"""Reading a device's clock over ONVIF (GetSystemDateAndTime): the client libraries
measured against the test device service (`tests/support/onvif_device.py`) on loopback.

    python bench/onvif_clock.py zeep              # plain zeep + the device WSDL
    python bench/onvif_clock.py onvif-zeep-async  # ONVIFCamera, asyncio
    python bench/onvif_clock.py onvif-zeep        # the old synchronous ONVIFCamera
    python bench/onvif_clock.py onveef            # OnvifClient, no zeep
    python bench/onvif_clock.py watchroom         # watchroom.health.onvif.read_clock
    python bench/onvif_clock.py sweep [N] [SILENT]  # the health.clocks job's reads: N
                                                  # devices, SILENT of them never answering

Each is run in an interpreter that has that library (a fresh one per run, so that the
import time is a cold import). It prints the import time, the time to make the client
(WSDL parsing), the median and 90th percentile of 50 GetSystemDateAndTime calls (with a
UsernameToken digest), and the offset read with the device set 95 s ahead.
"""

import asyncio
import importlib.util
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "src")]

from tests.support.onvif_device import OnvifDevice  # noqa: E402

CALLS = 50
DEVICE_BINDING = "{http://www.onvif.org/ver10/device/wsdl}DeviceBinding"


def wsdl_dir() -> str:
    spec = importlib.util.find_spec("onvif")
    if spec is not None and spec.origin:
        found = Path(spec.origin).parent / "wsdl"
        if found.is_dir():
            return str(found)
        found = Path(spec.origin).parent.parent / "wsdl"  # onvif-zeep puts it beside
        if found.is_dir():
            return str(found)
    raise SystemExit("no ONVIF WSDL installed")


def run_zeep(device):
    t = time.perf_counter()
    import zeep
    from zeep.wsse.username import UsernameToken
    imported = time.perf_counter() - t
    t = time.perf_counter()
    client = zeep.Client(os.path.join(wsdl_dir(), "devicemgmt.wsdl"),
                         wsse=UsernameToken("admin", "secret", use_digest=True))
    service = client.create_service(DEVICE_BINDING, device.url)
    made = time.perf_counter() - t
    return imported, made, lambda: service.GetSystemDateAndTime()


def run_onvif_zeep(device):
    t = time.perf_counter()
    from onvif import ONVIFCamera
    imported = time.perf_counter() - t
    t = time.perf_counter()
    camera = ONVIFCamera("127.0.0.1", device.port, "admin", "secret", wsdl_dir())
    made = time.perf_counter() - t
    return imported, made, lambda: camera.devicemgmt.GetSystemDateAndTime()


def run_onvif_zeep_async(device):
    t = time.perf_counter()
    from onvif import ONVIFCamera
    imported = time.perf_counter() - t
    loop = asyncio.new_event_loop()

    async def make():
        camera = ONVIFCamera("127.0.0.1", device.port, "admin", "secret", wsdl_dir())
        await camera.update_xaddrs()
        return await camera.create_devicemgmt_service()

    t = time.perf_counter()
    service = loop.run_until_complete(make())
    made = time.perf_counter() - t
    return imported, made, lambda: loop.run_until_complete(service.GetSystemDateAndTime())


def run_onveef(device):
    t = time.perf_counter()
    from onveef import OnvifClient
    imported = time.perf_counter() - t
    t = time.perf_counter()
    client = OnvifClient("127.0.0.1", device.port, "admin", "secret")
    made = time.perf_counter() - t
    return imported, made, lambda: client.get_system_date_time()


def run_watchroom(device):
    t = time.perf_counter()
    from watchroom.health import onvif
    imported = time.perf_counter() - t
    return imported, 0.0, lambda: onvif.read_clock(device.address, "admin", "secret")


def sweep(count: int, silent: int) -> None:
    """Read `count` devices' clocks as the health.clocks job does (PARALLEL at a time,
    5 s timeout), `silent` of them accepting connections and never answering."""
    from concurrent.futures import ThreadPoolExecutor

    from tests.support.onvif_device import SilentDevice

    from watchroom.health import onvif
    PARALLEL, TIMEOUT = 8, 5.0  # as watchroom.health.services.clock
    devices = [OnvifDevice().start() for _ in range(count)]
    hung = [SilentDevice() for _ in range(silent)]
    for n, d in enumerate(devices):
        d.offset_s = n % 60

    def read(address):
        try:
            return onvif.read_clock(address, "admin", "secret", timeout=TIMEOUT).offset_s
        except onvif.OnvifError:
            return None

    try:
        onvif.read_clock(devices[0].address, "admin", "secret")  # the WSDL parsed once
        started = time.perf_counter()
        with ThreadPoolExecutor(max_workers=PARALLEL) as pool:
            offsets = list(pool.map(read, [d.address for d in devices + hung]))
        took = time.perf_counter() - started
    finally:
        for d in devices:
            d.stop()
        for h in hung:
            h.close()
    read_ok = sum(o is not None for o in offsets)
    print(f"sweep: {count} devices + {silent} silent, {PARALLEL} at a time: {took:.2f} s, "
          f"{read_ok} read, {len(offsets) - read_ok} unread")


def main() -> None:
    which = sys.argv[1] if len(sys.argv) > 1 else "zeep"
    if which == "sweep":
        sweep(int(sys.argv[2]) if len(sys.argv) > 2 else 200,
              int(sys.argv[3]) if len(sys.argv) > 3 else 0)
        return
    run = {"zeep": run_zeep, "onvif-zeep": run_onvif_zeep,
           "onvif-zeep-async": run_onvif_zeep_async, "onveef": run_onveef,
           "watchroom": run_watchroom}[which]
    with OnvifDevice() as device:  # admin / secret
        device.offset_s = 95
        imported, made, call = run(device)
        answer = call()
        times = []
        for _ in range(CALLS):
            t = time.perf_counter()
            call()
            times.append(time.perf_counter() - t)
    times.sort()
    print(f"{which}: import {imported * 1000:.0f} ms, client {made * 1000:.0f} ms, "
          f"GetSystemDateAndTime median {statistics.median(times) * 1000:.2f} ms, "
          f"p90 {times[int(len(times) * 0.9)] * 1000:.2f} ms ({CALLS} calls)")
    print(f"  answer: {str(answer)[:300]!r}".replace("\n", " "))


if __name__ == "__main__":
    main()
