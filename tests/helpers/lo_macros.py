"""Run a workbook's VBA in LibreOffice (headless) and report what LibreOffice made of the project.

``run_macros(workbook, output, subs)`` opens `workbook` in LibreOffice with macros allowed, lists the
Basic libraries and modules LibreOffice imported from the VBA project (with their source), the
script each form button is bound to, whether a VBA handler is bound to the workbook's open event
(``Workbook_Open``, as LibreOffice's VBA event processor sees it), runs each Sub or Function of `subs`
("Module.Sub", keeping what a Function returns; ``OPEN_EVENT`` raises the open event as opening in
Excel does) and saves the workbook as `output` (.xlsx), so a test can read back what the Subs wrote.

LibreOffice is driven through UNO by a Python that has the ``uno`` module (Debian: ``python3-uno``;
LibreOffice's own ``program/python`` elsewhere), running this file as a script in its own process
group: a macro that LibreOffice cannot compile can leave a dialog open in headless mode, and then the
whole group is killed at the timeout.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TIMEOUT = 180
OPEN_EVENT = "event:WORKBOOK_OPEN"
_INSTALL_HINT = ("a Python with LibreOffice's uno module is required "
                 "(Debian/Ubuntu: `apt-get install -y python3-uno`), or set SOPXL_UNO_PYTHON")


def uno_python() -> str:
    """A Python interpreter that can `import uno`; RuntimeError naming what to install when none can."""
    candidates = [os.environ.get("SOPXL_UNO_PYTHON", ""), "/usr/bin/python3",
                  "/usr/lib/libreoffice/program/python", "/opt/libreoffice/program/python",
                  "/Applications/LibreOffice.app/Contents/Resources/python"]
    for candidate in candidates:
        if candidate and os.access(candidate, os.X_OK):
            probe = subprocess.run([candidate, "-c", "import uno"], capture_output=True, timeout=60)
            if probe.returncode == 0:
                return candidate
    raise RuntimeError(_INSTALL_HINT)


def run_macros(workbook: Path, output: Path, subs: list[str], timeout: float = TIMEOUT) -> dict:
    """What LibreOffice saw and did; see the module docstring. Raises RuntimeError when it hangs or fails."""
    from helpers.office import soffice_path

    command = [uno_python(), __file__, str(soffice_path()), str(Path(workbook).resolve()),
               str(Path(output).resolve()), *subs]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               start_new_session=True)
    try:
        out, err = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        out, err = process.communicate()
        raise RuntimeError(f"LibreOffice did not finish within {timeout} s (a macro it cannot compile or run "
                           f"may have opened a dialog); stderr: {err.strip()[-2000:]}") from None
    if process.returncode != 0:
        raise RuntimeError(f"the LibreOffice macro runner failed ({process.returncode}): {err.strip()[-3000:]}")
    return json.loads(out)


# ---- the runner (executed by the uno Python) ---------------------------------------------------------

def _main(soffice: str, workbook: str, output: str, subs: list[str]) -> dict:
    import uno
    from com.sun.star.beans import PropertyValue

    def prop(name, value):
        item = PropertyValue()
        item.Name, item.Value = name, value
        return item

    profile = tempfile.mkdtemp(prefix="sopxl-lo-macros-")
    pipe = f"sopxl_macros_{os.getpid()}"
    office = subprocess.Popen([soffice, "--headless", "--invisible", "--norestore", "--nolockcheck",
                               f"-env:UserInstallation={Path(profile).as_uri()}",
                               f"--accept=pipe,name={pipe};urp;"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
        deadline = time.monotonic() + 60
        while True:
            try:
                context = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
                break
            except Exception:
                if time.monotonic() > deadline or office.poll() is not None:
                    raise
                time.sleep(0.2)
        desktop = context.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", context)
        # MacroExecutionMode 4: ALWAYS_EXECUTE_NO_WARN (com.sun.star.document.MacroExecMode)
        document = desktop.loadComponentFromURL(uno.systemPathToFileUrl(workbook), "_blank", 0,
                                                (prop("Hidden", True), prop("MacroExecutionMode", 4)))
        report: dict = {"libraries": {}, "buttons": [], "runs": {}}
        libraries = document.BasicLibraries
        for name in libraries.getElementNames():
            libraries.loadLibrary(name)
            library = libraries.getByName(name)
            report["libraries"][name] = {module: library.getByName(module) for module in library.getElementNames()}
        for sheet_name in document.Sheets.getElementNames():
            forms = document.Sheets.getByName(sheet_name).DrawPage.Forms
            for f in range(forms.Count):
                form = forms.getByIndex(f)
                for c in range(form.Count):
                    control = form.getByIndex(c)
                    report["buttons"].append({
                        "sheet": sheet_name, "label": getattr(control, "Label", None),
                        "events": [{"listener": e.ListenerType, "method": e.EventMethod, "type": e.ScriptType,
                                    "script": e.ScriptCode} for e in form.getScriptEvents(c)]})
        from com.sun.star.script.vba.VBAEventId import WORKBOOK_OPEN

        events = context.ServiceManager.createInstanceWithArgumentsAndContext(
            "com.sun.star.script.vba.VBASpreadsheetEventProcessor", (document,), context)
        report["open_event_bound"] = bool(events.hasVbaEventHandler(WORKBOOK_OPEN, ()))
        report["returned"] = {}
        provider = document.getScriptProvider()
        project = next((n for n in ("VBAProject", "Standard") if n in report["libraries"]
                        and report["libraries"][n]), "Standard")
        for sub in subs:
            try:
                if sub == OPEN_EVENT:
                    events.processVbaEvent(WORKBOOK_OPEN, ())
                else:
                    url = f"vnd.sun.star.script:{project}.{sub}?language=Basic&location=document"
                    returned = provider.getScript(url).invoke((), (), ())[0]
                    if isinstance(returned, (str, int, float, bool)):
                        report["returned"][sub] = returned
                report["runs"][sub] = "ok"
            except Exception as error:   # the message names what LibreOffice could not find or run
                report["runs"][sub] = f"error: {error}"
        document.storeToURL(uno.systemPathToFileUrl(output), (prop("FilterName", "Calc MS Excel 2007 XML"),))
        document.close(True)
        try:
            desktop.terminate()
        except Exception:   # the bridge closes as soffice exits
            pass
        office.wait(60)
        return report
    finally:
        if office.poll() is None:
            office.kill()
            office.wait(30)
        shutil.rmtree(profile, ignore_errors=True)


if __name__ == "__main__":
    print(json.dumps(_main(sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:])))
