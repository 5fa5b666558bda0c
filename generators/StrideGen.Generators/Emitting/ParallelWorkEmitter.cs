using System.Collections.Generic;
using System.Linq;

namespace StrideGen.Generators.Emitting
{
    /// <summary>One kernel driver a multi-threaded layer may run (widest vector first, scalar last) and into how many parts its plan splits the work.</summary>
    internal sealed record PartedPath(string Name, int Parts);

    /// <summary>
    /// Writes the work class of a layer declared with <c>Threads</c> &gt; 1: it pins the spans, picks the widest accelerated
    /// driver, and runs the driver's parts on the caller's thread and on the .NET thread pool.
    /// </summary>
    /// <remarks>
    /// <para>
    /// Spans cannot reach another thread, so the spans are pinned (<c>fixed</c>) and the pool threads get pointers; hence
    /// AllowUnsafeBlocks (SGEN011). The pointers are valid while the caller is inside <c>fixed</c>, and it stays there until
    /// every part is done.
    /// </para>
    /// <para>
    /// Per call (a round of a job): the caller takes an idle job object (no allocation after the first call, unless calls
    /// overlap), queues N − 1 entries of it on the pool, then claims parts itself until none are left, and spins until the
    /// parts other threads claimed are done. So a busy pool never makes a call wait for it: the caller runs whatever no pool
    /// thread has taken.
    /// </para>
    /// <para>
    /// Parts are claimed with a compare-and-swap on one 64-bit word, the round in the high half and the next part in the
    /// low half. A claim that succeeds owns a part of the current round, whose pointers cannot change before that part is
    /// reported done. Before the caller writes a new round's pointers it closes the word (next part = int.MaxValue), so a
    /// thread that read the previous round cannot claim anything. That makes an entry that runs late harmless: it finds
    /// nothing to claim, or helps whichever round is open. The job can therefore go back to the idle slots as soon as its
    /// round is done, whatever entries are still queued. An exception in a part is kept, the part still counts as done, and
    /// the caller rethrows it once every part is done.
    /// </para>
    /// </remarks>
    internal static class ParallelWorkEmitter
    {
        /// <summary>Idle jobs kept per layer: enough for a few calls at once from different threads without allocating.</summary>
        private const int IdleSlots = 4;

        /// <param name="spans">The layer's spans as the work class's <c>Run</c> takes them: (type, name) in order, output last.</param>
        /// <param name="paths">The kernel's drivers in dispatch order: each vector path, widest first, then Scalar (last, unconditional).</param>
        public static void Emit(IndentedWriter w, string workClass, string kernelClass, int threads, IReadOnlyList<(string Type, string Name)> spans, IReadOnlyList<PartedPath> paths)
        {
            var names = spans.Select(s => s.Name).ToList();
            string pointers = string.Join(", ", names.Select(n => "float* " + n));
            string refs = string.Join(", ", names.Select(n => "ref *" + n));
            int maxParts = paths.Max(p => p.Parts);

            w.Line();
            w.Doc(
                "<summary>",
                $"Runs {kernelClass} on up to {threads} threads: each driver's parts are claimed by the caller and by {maxParts - 1} thread-pool",
                "entries of one job; the call returns when every part is done. See the remarks of <c>Threads</c> on <c>Conv2DAttribute</c>.",
                "</summary>");
            w.Open($"file sealed unsafe class {workClass} : IThreadPoolWorkItem");
            for (int i = 0; i < paths.Count; i++)
            {
                w.Line($"private const int {paths[i].Name}Path = {i};");
            }

            w.Line("private const int Closed = int.MaxValue; // the next part between rounds: nothing to claim");

            w.Line();
            w.Doc("<summary>Jobs no call holds, ready for the next call (a job is allocated only when every slot is empty).</summary>");
            w.Line($"private static readonly {workClass}?[] Idle = new {workClass}?[{IdleSlots}];");
            w.Line();
            w.Line($"private float* {string.Join(", ", names)}; // the round's spans, pinned by its caller until every part is done");
            w.Line("private int path, parts; // the round's driver and number of parts");
            w.Line("private long claims; // round << 32 | the next part to claim (Closed while a round is being set up)");
            w.Line("private int unfinished; // the round's parts not done yet: its caller waits for 0");
            w.Line("private Exception? failure; // the round's first exception");

            EmitRun(w, spans, paths, kernelClass);
            EmitSplit(w, workClass, names, pointers);
            EmitParts(w, kernelClass, paths, refs);
            EmitIdle(w, workClass, names);
            w.Close();
        }

        /// <summary>Pins the spans and starts the widest accelerated driver: directly when its plan has one part, else split.</summary>
        private static void EmitRun(IndentedWriter w, IReadOnlyList<(string Type, string Name)> spans, IReadOnlyList<PartedPath> paths, string kernelClass)
        {
            w.Line();
            w.Doc("<summary>Runs the layer on the spans the entry has checked (lengths, no overlap).</summary>");
            w.Open($"public static void Run({string.Join(", ", spans.Select(s => s.Type + " " + s.Name))})");
            w.Open($"fixed ({string.Join(", ", spans.Select((s, i) => (i == 0 ? "float* " : "") + Pinned(s.Name) + " = " + s.Name))})");
            string pinned = string.Join(", ", spans.Select(s => Pinned(s.Name)));
            string pinnedRefs = string.Join(", ", spans.Select(s => "ref *" + Pinned(s.Name)));
            for (int i = 0; i < paths.Count; i++)
            {
                var path = paths[i];
                bool last = i == paths.Count - 1;
                if (!last)
                {
                    w.Line($"{(i == 0 ? "if" : "else if")} ({KernelHelperEmitter.PathCondition(path.Name, qualified: false)})");
                }
                else if (paths.Count > 1)
                {
                    w.Line("else");
                }

                string indent = paths.Count > 1 ? "    " : "";
                w.Line(path.Parts == 1
                    ? $"{indent}{kernelClass}.Run{path.Name}({pinnedRefs}, 0); // the plan has one part for this path: no other thread helps"
                    : $"{indent}Split({path.Name}Path, {path.Parts}, {pinned});");
            }

            w.Close();
            w.Close();
        }

        /// <summary>"input" → "pinnedInput".</summary>
        private static string Pinned(string name) => "pinned" + char.ToUpperInvariant(name[0]) + name.Substring(1);

        private static void EmitSplit(IndentedWriter w, string workClass, IReadOnlyList<string> names, string pointers)
        {
            w.Line();
            w.Doc("<summary>Runs <paramref name=\"parts\"/> parts of driver <paramref name=\"path\"/>: the caller and parts − 1 pool entries claim them.</summary>");
            w.Open($"private static void Split(int path, int parts, {pointers})");
            w.Line($"{workClass} job = Rent();");
            w.Line("long round = (job.claims >> 32) + 1;");
            w.Line("Interlocked.Exchange(ref job.claims, round << 32 | Closed); // no claim on the last round succeeds from here on");
            w.Line($"{string.Join(" ", names.Select(n => $"job.{n} = {n};"))}");
            w.Line("job.path = path;");
            w.Line("job.parts = parts;");
            w.Line("job.unfinished = parts;");
            w.Line("job.failure = null;");
            w.Line("Volatile.Write(ref job.claims, round << 32); // open: part 0 is next");
            w.Open("try");
            w.Open("for (int i = 1; i < parts; i++)");
            w.Line("ThreadPool.UnsafeQueueUserWorkItem(job, preferLocal: false);");
            w.Close();
            w.Close();
            w.Line("finally");
            w.Open("");
            w.Line("// Even if queueing failed, no part outlives this call (and the pinning): run what is left, then wait.");
            w.Line("job.RunParts();");
            w.Line("// Every part is claimed: wait for the ones pool threads are still running (never for a pool thread to start).");
            w.Line("SpinWait spinner = default;");
            w.Open("while (Volatile.Read(ref job.unfinished) != 0)");
            w.Line("spinner.SpinOnce(sleep1Threshold: -1);");
            w.Close();
            w.Close();
            w.Line();
            w.Line("Exception? failure = job.failure;");
            w.Line("job.Return();");
            w.Open("if (failure is not null)");
            w.Line("System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);");
            w.Close();
            w.Close();
        }

        private static void EmitParts(IndentedWriter w, string kernelClass, IReadOnlyList<PartedPath> paths, string refs)
        {
            w.Line();
            w.Doc("<summary>A pool entry: claims parts like the caller; one that comes late finds none, or helps the round that is open then.</summary>");
            w.Line("void IThreadPoolWorkItem.Execute() => RunParts();");
            w.Line();
            w.Doc("<summary>Claims and runs parts of the open round until none is left.</summary>");
            w.Open("private void RunParts()");
            w.Open("while (true)");
            w.Line("long seen = Volatile.Read(ref claims);");
            w.Line("int part = (int)seen; // the low half");
            w.Open("if (part >= Volatile.Read(ref parts))");
            w.Line("return;");
            w.Close();
            w.Line();
            w.Open("if (Interlocked.CompareExchange(ref claims, seen + 1, seen) != seen)");
            w.Line("continue; // another thread claimed it, or the round closed");
            w.Close();
            w.Line();
            w.Line("// The part is ours: its round's pointers stay until it is reported done.");
            w.Open("try");
            w.Line("RunPart(part);");
            w.Close();
            w.Line("catch (Exception e)");
            w.Open("");
            w.Line("Interlocked.CompareExchange(ref failure, e, null);");
            w.Close();
            w.Line();
            w.Line("Interlocked.Decrement(ref unfinished);");
            w.Close();
            w.Close();

            w.Line();
            w.Open("private void RunPart(int part)");
            w.Open("switch (path)");
            for (int i = 0; i < paths.Count; i++)
            {
                if (paths[i].Parts == 1)
                {
                    continue; // run directly by Run, never split
                }

                w.Line($"case {paths[i].Name}Path: {kernelClass}.Run{paths[i].Name}({refs}, part); break;");
            }

            w.Close();
            w.Close();
        }

        private static void EmitIdle(IndentedWriter w, string workClass, IReadOnlyList<string> names)
        {
            w.Line();
            w.Open($"private static {workClass} Rent()");
            w.Open("for (int i = 0; i < Idle.Length; i++)");
            w.Open($"if (Interlocked.Exchange(ref Idle[i], null) is {{ }} job)");
            w.Line("return job;");
            w.Close();
            w.Close();
            w.Line();
            w.Line($"return new {workClass}();");
            w.Close();
            w.Line();
            w.Doc("<summary>Clears the finished round's pointers and puts the job in an empty idle slot (or lets it go).</summary>");
            w.Open("private void Return()");
            w.Line($"{string.Join(" = ", names)} = null;");
            w.Open("for (int i = 0; i < Idle.Length; i++)");
            w.Open("if (Interlocked.CompareExchange(ref Idle[i], this, null) is null)");
            w.Line("return;");
            w.Close();
            w.Close();
            w.Close();
        }
    }
}
