using System;
using System.Diagnostics;
using System.Globalization;
using StrideGen.Demo;

// The classic stride picture: a 7×7 image and a 3×3 filter. Stride 1 visits every position (5×5 outputs);
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

double t1 = NanosecondsPerCall(() => StridePicture.Stride1(image, filter, stride1));
double t2 = NanosecondsPerCall(() => StridePicture.Stride2(image, filter, stride2));
Console.WriteLine("Measured time per call (median of 15 runs, no allocation):");
Console.WriteLine($"  stride 1: {t1.ToString("F1", CultureInfo.InvariantCulture),8} ns");
Console.WriteLine($"  stride 2: {t2.ToString("F1", CultureInfo.InvariantCulture),8} ns");

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

static double NanosecondsPerCall(Action call)
{
    const int callsPerRun = 20000;
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
