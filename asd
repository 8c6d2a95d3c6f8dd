#!/usr/bin/env bash
# Runs the asd command line. Publishes the Release CLI (ReadyToRun, so start-up is not spent in the JIT) into .asd-build/ when a source file is newer than the
# built binary (or there is none; build outputs under bin/ and obj/, such as the generated AssemblyInfo.cs of a
# `dotnet test`, do not count); otherwise execs the binary directly, with no build check beyond one `find`.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
bin="$here/.asd-build/asd.dll"
if [[ ! -f "$bin" ]] || [[ -n "$(find "$here/src" "$here/Directory.Build.props" "$here/Directory.Packages.props" \( -name bin -o -name obj \) -prune -o -newer "$bin" \( -name '*.cs' -o -name '*.csproj' -o -name '*.props' \) -print -quit 2>/dev/null)" ]]; then
  echo "asd: building the command line (Release)…" >&2
  log="$(mktemp)"
  if ! dotnet publish "$here/src/Asd.Workflow.Cli/Asd.Workflow.Cli.csproj" -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true -o "$here/.asd-build" --nologo -v q >"$log" 2>&1; then
    grep -E "error|Error" "$log" >&2 || cat "$log" >&2
    rm -f "$log"
    echo "asd: the build failed (see the errors above)" >&2
    exit 2
  fi
  rm -f "$log"
  touch "$bin"
fi
exec dotnet "$bin" "$@"
