using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Microsoft.ML.OnnxRuntime;

namespace StrideGen.Benchmarks.Machine;

/// <summary>What the numbers were measured on: CPU, cores, the vector ISAs .NET will use here, runtime versions.</summary>
public static class MachineDescription
{
    /// <summary>The runtime switch that turns the AVX-512 path off in .NET 10 (DOTNET_EnableAVX512F no longer does).</summary>
    public const string DisableAvx512Variable = "DOTNET_EnableAVX512";

    /// <summary>The pre-.NET 10 name, accepted and ignored by .NET 10.</summary>
    public const string LegacyDisableAvx512Variable = "DOTNET_EnableAVX512F";

    /// <summary>e.g. "AMD EPYC (2 logical cores), Linux x64, .NET 10.0.0, ONNX Runtime 1.31.1".</summary>
    public static string Machine() =>
        $"{CpuName()} ({Environment.ProcessorCount} logical cores), {OperatingSystemName()} {RuntimeInformation.OSArchitecture.ToString().ToLowerInvariant()}, " +
        $".NET {Environment.Version}, ONNX Runtime {OrtEnv.Instance().GetVersionString()}";

    /// <summary>e.g. "AVX2+FMA yes, AVX-512F yes; Vector256 accelerated, Vector512 accelerated".</summary>
    public static string InstructionSets() =>
        $"AVX2+FMA {YesNo(Avx2.IsSupported && Fma.IsSupported)}, AVX-512F {YesNo(Avx512F.IsSupported)}; " +
        $"Vector256 {Accelerated(Vector256.IsHardwareAccelerated)}, Vector512 {Accelerated(Vector512.IsHardwareAccelerated)}";

    /// <summary>
    /// e.g. "1-minute load average 0.42 on 2 cores" (Linux), or null where the OS does not say. Other work on the machine
    /// shows up as noise in every column, so a run records how busy the machine was.
    /// </summary>
    public static string? Load()
    {
        const string loadAverage = "/proc/loadavg";
        if (!File.Exists(loadAverage))
        {
            return null;
        }

        string oneMinute = File.ReadAllText(loadAverage).Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? "?";
        return $"1-minute load average {oneMinute} on {Environment.ProcessorCount} cores";
    }

    /// <summary>Runtime switches set in this process that change which vector path runs (DOTNET_Enable*, PreferredVectorBitWidth).</summary>
    public static IReadOnlyList<string> VectorSwitches() =>
        Environment.GetEnvironmentVariables().Keys.Cast<string>()
            .Where(name => name.StartsWith("DOTNET_Enable", StringComparison.OrdinalIgnoreCase)
                || name.Equals("DOTNET_PreferredVectorBitWidth", StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal)
            .Select(name => $"{name}={Environment.GetEnvironmentVariable(name)}")
            .ToList();

    /// <summary>A warning when the legacy AVX-512 switch is set but the runtime still accelerates Vector512.</summary>
    public static string? IgnoredSwitchWarning() =>
        Environment.GetEnvironmentVariable(LegacyDisableAvx512Variable) == "0" && Vector512.IsHardwareAccelerated
            ? $"{LegacyDisableAvx512Variable}=0 has no effect on .NET {Environment.Version.Major}: use {DisableAvx512Variable}=0 for the Vector256 path."
            : null;

    private static string CpuName()
    {
        const string cpuInfo = "/proc/cpuinfo";
        if (File.Exists(cpuInfo))
        {
            string? line = File.ReadLines(cpuInfo).FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
            if (line is not null && line.IndexOf(':', StringComparison.Ordinal) is int colon and >= 0)
            {
                return line[(colon + 1)..].Trim();
            }
        }

        return Environment.GetEnvironmentVariable("PROCESSOR_IDENTIFIER") ?? RuntimeInformation.ProcessArchitecture.ToString();
    }

    private static string OperatingSystemName() =>
        OperatingSystem.IsLinux() ? "Linux" : OperatingSystem.IsWindows() ? "Windows" : OperatingSystem.IsMacOS() ? "macOS" : "OS";

    private static string YesNo(bool value) => value ? "yes" : "no";

    private static string Accelerated(bool value) => value ? "accelerated" : "not accelerated";
}
