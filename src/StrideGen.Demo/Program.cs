using System;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using StrideGen.Demo;

// Part 1 — the classic stride picture: a 7×7 image and a 3×3 filter. Stride 1 visits every position (5×5 outputs);
// stride 2 skips every other one (3×3 outputs). Same filter, same parameters, less work.
var image = new float[StridePicture.Stride1Shape.InputLength];
for (int i = 0; i < image.Length; i++)
{
    image[i] = i + 1; // 1..49, row by row, so each output is easy to check by hand
}

// A 3×3 filter that sums the window's centre cross: up, left, centre, right, down.
float[] filter = { 0, 1, 0, 1, 1, 1, 0, 1, 0 };

var stride1 = new float[StridePicture.Stride1Shape.OutputLength];
var stride2 = new float[StridePicture.Stride2Shape.OutputLength];
StridePicture.Stride1(image, filter, stride1);
StridePicture.Stride2(image, filter, stride2);

Console.WriteLine("StrideGen: one 7×7 image, one 3×3 filter (centre cross), no padding.");
Console.WriteLine();
PrintMap("Input 7×7", image, 7, 7);
PrintMap($"Stride 1 → {StridePicture.Stride1Shape.OutputHeight}×{StridePicture.Stride1Shape.OutputWidth}", stride1, StridePicture.Stride1Shape.OutputHeight, StridePicture.Stride1Shape.OutputWidth);
PrintMap($"Stride 2 → {StridePicture.Stride2Shape.OutputHeight}×{StridePicture.Stride2Shape.OutputWidth}", stride2, StridePicture.Stride2Shape.OutputHeight, StridePicture.Stride2Shape.OutputWidth);

Console.WriteLine("Generated shape constants (compile-time):");
Console.WriteLine("                          Stride1Shape  Stride2Shape");
Row("StrideHeight × Width", $"{StridePicture.Stride1Shape.StrideHeight}×{StridePicture.Stride1Shape.StrideWidth}", $"{StridePicture.Stride2Shape.StrideHeight}×{StridePicture.Stride2Shape.StrideWidth}");
Row("OutputHeight × Width", $"{StridePicture.Stride1Shape.OutputHeight}×{StridePicture.Stride1Shape.OutputWidth}", $"{StridePicture.Stride2Shape.OutputHeight}×{StridePicture.Stride2Shape.OutputWidth}");
Row("InputLength", StridePicture.Stride1Shape.InputLength, StridePicture.Stride2Shape.InputLength);
Row("OutputLength", StridePicture.Stride1Shape.OutputLength, StridePicture.Stride2Shape.OutputLength);
Row("Parameters", StridePicture.Stride1Shape.Parameters, StridePicture.Stride2Shape.Parameters);
Row("MultiplyAccumulates", StridePicture.Stride1Shape.MultiplyAccumulates, StridePicture.Stride2Shape.MultiplyAccumulates);
Console.WriteLine();
Console.WriteLine(StridePicture.Stride1Shape.Parameters == StridePicture.Stride2Shape.Parameters
    ? $"Same parameters ({StridePicture.Stride1Shape.Parameters}) for both strides; stride 2 costs {StridePicture.Stride2Shape.MultiplyAccumulates} multiply-accumulates instead of {StridePicture.Stride1Shape.MultiplyAccumulates}."
    : "Parameter counts differ (unexpected).");
Console.WriteLine();

double t1 = NanosecondsPerCall(() => StridePicture.Stride1(image, filter, stride1), 20000);
double t2 = NanosecondsPerCall(() => StridePicture.Stride2(image, filter, stride2), 20000);
Console.WriteLine("Measured time per call (median of 15 runs, no allocation):");
Console.WriteLine($"  stride 1: {t1.ToString("F1", CultureInfo.InvariantCulture),8} ns");
Console.WriteLine($"  stride 2: {t2.ToString("F1", CultureInfo.InvariantCulture),8} ns");
Console.WriteLine(t2 < t1
    ? $"Stride 2 is {(t1 / t2).ToString("F1", CultureInfo.InvariantCulture)}× faster here."
    : "At 7×7 the kernel's form matters more than its multiply-accumulates: stride 1's 5-wide output rows fill vector\n"
      + "registers, while stride 2's 3-wide rows are narrower than a vector, so its kernel is scalar code. On layers of\n"
      + "real size stride 2 costs what its multiply-accumulates say: see the seed experiment below.");

// Part 2 — the seed experiment: two small CNNs over one 28×28 image, declared as From chains (StrideExperiment.cs).
Console.WriteLine();
Console.WriteLine("The seed experiment: the same three-layer CNN with stride 1 everywhere, and with stride 2 in Conv2 and Conv3.");
Console.WriteLine();
PrintSideBySide("Stride1Net.NetworkSummary", Stride1Net.NetworkSummary.Text, "Stride2Net.NetworkSummary", Stride2Net.NetworkSummary.Text);
Console.WriteLine();

var digit = new float[Stride1Net.Conv1Shape.InputLength];
var random = new Random(28);
for (int i = 0; i < digit.Length; i++)
{
    digit[i] = (float)random.NextDouble();
}

// One set of weights serves both networks: the layers have the same shapes of weights, only their strides differ.
float[] w1 = Weights(random, Stride1Net.Conv1Shape.WeightLength), b1 = Weights(random, Stride1Net.Conv1Shape.BiasLength);
float[] w2 = Weights(random, Stride1Net.Conv2Shape.WeightLength), b2 = Weights(random, Stride1Net.Conv2Shape.BiasLength);
float[] w3 = Weights(random, Stride1Net.Conv3Shape.WeightLength), b3 = Weights(random, Stride1Net.Conv3Shape.BiasLength);

// Each network runs in one arena of two alternating buffers, sized at compile time: nothing is allocated per pass.
var arena1 = new float[Stride1Net.NetworkSummary.PingPongArenaLength];
var arena2 = new float[Stride2Net.NetworkSummary.PingPongArenaLength];
void Forward1()
{
    // Buffer B takes the outputs of layers 1 and 3, buffer A the output of layer 2 (the input is already in `digit`).
    var b = arena1.AsSpan(0, Math.Max(Stride1Net.Conv1Shape.OutputLength, Stride1Net.Conv3Shape.OutputLength));
    var a = arena1.AsSpan(b.Length);
    Stride1Net.Conv1(digit, w1, b1, b[..Stride1Net.Conv1Shape.OutputLength]);
    Stride1Net.Conv2(b[..Stride1Net.Conv1Shape.OutputLength], w2, b2, a[..Stride1Net.Conv2Shape.OutputLength]);
    Stride1Net.Conv3(a[..Stride1Net.Conv2Shape.OutputLength], w3, b3, b[..Stride1Net.Conv3Shape.OutputLength]);
}

void Forward2()
{
    var b = arena2.AsSpan(0, Math.Max(Stride2Net.Conv1Shape.OutputLength, Stride2Net.Conv3Shape.OutputLength));
    var a = arena2.AsSpan(b.Length);
    Stride2Net.Conv1(digit, w1, b1, b[..Stride2Net.Conv1Shape.OutputLength]);
    Stride2Net.Conv2(b[..Stride2Net.Conv1Shape.OutputLength], w2, b2, a[..Stride2Net.Conv2Shape.OutputLength]);
    Stride2Net.Conv3(a[..Stride2Net.Conv2Shape.OutputLength], w3, b3, b[..Stride2Net.Conv3Shape.OutputLength]);
}

double pass1 = NanosecondsPerCall(Forward1, 200);
double pass2 = NanosecondsPerCall(Forward2, 200);
Console.WriteLine("                          stride 1 net    stride 2 net");
Row("parameters", Stride1Net.NetworkSummary.TotalParameters, Stride2Net.NetworkSummary.TotalParameters);
Row("multiply-accumulates", Stride1Net.NetworkSummary.TotalMultiplyAccumulates, Stride2Net.NetworkSummary.TotalMultiplyAccumulates);
Row("last feature map", $"{Stride1Net.Conv3Shape.OutChannels}×{Stride1Net.Conv3Shape.OutputHeight}×{Stride1Net.Conv3Shape.OutputWidth}", $"{Stride2Net.Conv3Shape.OutChannels}×{Stride2Net.Conv3Shape.OutputHeight}×{Stride2Net.Conv3Shape.OutputWidth}");
Row("receptive field", $"{Stride1Net.Conv3Shape.ReceptiveFieldHeight}×{Stride1Net.Conv3Shape.ReceptiveFieldWidth}", $"{Stride2Net.Conv3Shape.ReceptiveFieldHeight}×{Stride2Net.Conv3Shape.ReceptiveFieldWidth}");
Row("time per forward pass", $"{(pass1 / 1000).ToString("F1", CultureInfo.InvariantCulture)} µs", $"{(pass2 / 1000).ToString("F1", CultureInfo.InvariantCulture)} µs");
Console.WriteLine();
Console.WriteLine($"Same parameters, {(double)Stride1Net.NetworkSummary.TotalMultiplyAccumulates / Stride2Net.NetworkSummary.TotalMultiplyAccumulates:F1}× fewer multiply-accumulates, "
    + $"a {Stride2Net.Conv3Shape.OutputHeight}×{Stride2Net.Conv3Shape.OutputWidth} instead of {Stride1Net.Conv3Shape.OutputHeight}×{Stride1Net.Conv3Shape.OutputWidth} last map, "
    + $"and each output sees {Stride2Net.Conv3Shape.ReceptiveFieldHeight}×{Stride2Net.Conv3Shape.ReceptiveFieldWidth} input pixels instead of {Stride1Net.Conv3Shape.ReceptiveFieldHeight}×{Stride1Net.Conv3Shape.ReceptiveFieldWidth}.");

static float[] Weights(Random random, int length)
{
    var values = new float[length];
    for (int i = 0; i < length; i++)
    {
        values[i] = (float)(random.NextDouble() - 0.5) * 0.5f;
    }

    return values;
}

static void PrintSideBySide(string leftTitle, string left, string rightTitle, string right)
{
    var l = left.Split('\n');
    var r = right.Split('\n');
    int width = Math.Max(leftTitle.Length, l.Max(line => line.Length)) + 4;
    Console.WriteLine(leftTitle.PadRight(width) + rightTitle);
    for (int i = 0; i < Math.Max(l.Length, r.Length); i++)
    {
        Console.WriteLine((i < l.Length ? l[i] : "").PadRight(width) + (i < r.Length ? r[i] : ""));
    }
}

static void PrintMap(string title, float[] values, int height, int width)
{
    Console.WriteLine(title + ":");
    for (int r = 0; r < height; r++)
    {
        Console.Write("  ");
        for (int c = 0; c < width; c++)
        {
            Console.Write(values[r * width + c].ToString("F0", CultureInfo.InvariantCulture).PadLeft(5));
        }

        Console.WriteLine();
    }

    Console.WriteLine();
}

static void Row(string name, object stride1, object stride2) =>
    Console.WriteLine($"  {name,-22}{stride1,12}{stride2,14}");

static double NanosecondsPerCall(Action call, int callsPerRun)
{
    for (int i = 0; i < callsPerRun; i++)
    {
        call(); // warm up: let the JIT optimise the kernel
    }

    var runs = new double[15];
    for (int run = 0; run < runs.Length; run++)
    {
        long start = Stopwatch.GetTimestamp();
        for (int i = 0; i < callsPerRun; i++)
        {
            call();
        }

        runs[run] = (Stopwatch.GetTimestamp() - start) * 1e9 / Stopwatch.Frequency / callsPerRun;
    }

    Array.Sort(runs);
    return runs[runs.Length / 2];
}
