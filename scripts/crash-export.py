"""kill -9 during `rulestudio export`, then check what the crashes left.

usage: scripts/crash-export.py BINARY LABEL N   (work files go to $TMPDIR/crash-LABEL)
Figures in docs/BENCHMARKS.md ("kill -9 during export").
"""
import glob, os, random, re, shutil, signal, subprocess, sys, tempfile, time
binary, label, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
work = os.path.join(tempfile.gettempdir(), f"crash-{label}")
shutil.rmtree(work, ignore_errors=True); os.makedirs(work)
proj = os.path.join(work, "p.rules.ron"); out = os.path.join(work, "out")
shutil.copy(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "rulesets", "demo-store.rules.ron"), proj)
subprocess.run([binary, "export", proj, "--out", out], capture_output=True)  # v1, no kill
random.seed(14)
bad_bak = bad_proj = 0; checks = 0
for i in range(n):
    text = open(proj).read()
    text = re.sub(r'Black Friday week hero( \d+)?', f'Black Friday week hero {i}', text, count=1)
    open(proj, "w").write(text)
    p = subprocess.Popen([binary, "export", proj, "--out", out], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(random.uniform(0.3, 0.9))
    p.send_signal(signal.SIGKILL); p.wait()
    for f, is_bak in [(proj, False), (proj + ".bak", True)]:
        if not os.path.exists(f):
            continue
        checks += 1
        body = open(f, "rb").read()
        if len(body) < 20000 or not body.rstrip().endswith(b")"):
            if is_bak: bad_bak += 1
            else: bad_proj += 1
jsons = glob.glob(out + "/*.ruleset.json"); rons = glob.glob(out + "/*.ruleset.ron")
json_only = sum(1 for j in jsons if not os.path.exists(j[:-5] + ".ron"))
tmps = len(glob.glob(work + "/.rulestudio-*.tmp")) + len(glob.glob(out + "/.rulestudio-*.tmp")) + len(glob.glob(work + "/.tmp*")) + len(glob.glob(out + "/.tmp*"))
print(f"{label}: {n} kills, {checks} file checks: {bad_proj} truncated project files, {bad_bak} empty/truncated .bak, "
      f"{len(jsons)} versions, {json_only} .json without .ron, {tmps} temp files left")
