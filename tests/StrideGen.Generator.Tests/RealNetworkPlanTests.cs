using System.Collections.Generic;
using System.Linq;
using System.Text;
using StrideGen.Testing;
using Xunit;

namespace StrideGen.Generator.Tests
{
    /// <summary>
    /// The convolutions of well-known networks (ResNet-18/50, MobileNet v1/v2, VGG-16, AlexNet, a CIFAR ResNet, LeNet,
    /// SqueezeNet, SSD300, YOLOv3, YOLOv5)
    /// get their regular, fast kernels: none is planned compactly (the looped-window kernel kept for layers whose regular
    /// kernel would write too large a file, several times slower), and every file stays under 200 KB.
    /// </summary>
    public sealed class RealNetworkPlanTests
    {
        /// <summary>The compact plan's own description in the kernel class's summary (see <c>KernelEmitter.PlanSummary</c>).</summary>
        private const string CompactPlan = "Kernel window looped, register tile unrolled";

        /// <summary>[Conv2D] arguments, one layer each (NCHW, one image).</summary>
        private static readonly string[] Layers =
        {
            // ResNet-18/34
            "InChannels = 3, OutChannels = 64, InputHeight = 224, InputWidth = 224, KernelSize = 7, Stride = 2, Padding = 3",
            "InChannels = 64, OutChannels = 64, InputHeight = 56, InputWidth = 56, KernelSize = 3, Padding = 1",
            "InChannels = 64, OutChannels = 128, InputHeight = 56, InputWidth = 56, KernelSize = 3, Stride = 2, Padding = 1",
            "InChannels = 64, OutChannels = 128, InputHeight = 56, InputWidth = 56, KernelSize = 1, Stride = 2",
            "InChannels = 128, OutChannels = 128, InputHeight = 28, InputWidth = 28, KernelSize = 3, Padding = 1",
            "InChannels = 128, OutChannels = 256, InputHeight = 28, InputWidth = 28, KernelSize = 3, Stride = 2, Padding = 1",
            "InChannels = 128, OutChannels = 256, InputHeight = 28, InputWidth = 28, KernelSize = 1, Stride = 2",
            "InChannels = 256, OutChannels = 256, InputHeight = 14, InputWidth = 14, KernelSize = 3, Padding = 1",
            "InChannels = 256, OutChannels = 512, InputHeight = 14, InputWidth = 14, KernelSize = 3, Stride = 2, Padding = 1",
            "InChannels = 256, OutChannels = 512, InputHeight = 14, InputWidth = 14, KernelSize = 1, Stride = 2",
            "InChannels = 512, OutChannels = 512, InputHeight = 7, InputWidth = 7, KernelSize = 3, Padding = 1",
            // ResNet-50 bottlenecks (v1.5: the stride in the 3×3)
            "InChannels = 64, OutChannels = 256, InputHeight = 56, InputWidth = 56, KernelSize = 1",
            "InChannels = 256, OutChannels = 64, InputHeight = 56, InputWidth = 56, KernelSize = 1",
            "InChannels = 256, OutChannels = 128, InputHeight = 56, InputWidth = 56, KernelSize = 1",
            "InChannels = 128, OutChannels = 128, InputHeight = 56, InputWidth = 56, KernelSize = 3, Stride = 2, Padding = 1",
            "InChannels = 256, OutChannels = 512, InputHeight = 56, InputWidth = 56, KernelSize = 1, Stride = 2",
            "InChannels = 512, OutChannels = 128, InputHeight = 28, InputWidth = 28, KernelSize = 1",
            "InChannels = 128, OutChannels = 512, InputHeight = 28, InputWidth = 28, KernelSize = 1",
            "InChannels = 256, OutChannels = 256, InputHeight = 28, InputWidth = 28, KernelSize = 3, Stride = 2, Padding = 1",
            "InChannels = 1024, OutChannels = 256, InputHeight = 14, InputWidth = 14, KernelSize = 1",
            "InChannels = 256, OutChannels = 1024, InputHeight = 14, InputWidth = 14, KernelSize = 1",
            "InChannels = 512, OutChannels = 512, InputHeight = 14, InputWidth = 14, KernelSize = 3, Stride = 2, Padding = 1",
            "InChannels = 2048, OutChannels = 512, InputHeight = 7, InputWidth = 7, KernelSize = 1",
            "InChannels = 512, OutChannels = 2048, InputHeight = 7, InputWidth = 7, KernelSize = 1",
            // MobileNet v1
            "InChannels = 3, OutChannels = 32, InputHeight = 224, InputWidth = 224, KernelSize = 3, Stride = 2, Padding = 1",
            "InChannels = 32, OutChannels = 32, Groups = 32, InputHeight = 112, InputWidth = 112, KernelSize = 3, Padding = 1",
            "InChannels = 32, OutChannels = 64, InputHeight = 112, InputWidth = 112, KernelSize = 1",
            "InChannels = 64, OutChannels = 64, Groups = 64, InputHeight = 112, InputWidth = 112, KernelSize = 3, Stride = 2, Padding = 1",
            "InChannels = 128, OutChannels = 128, Groups = 128, InputHeight = 56, InputWidth = 56, KernelSize = 3, Padding = 1",
            "InChannels = 128, OutChannels = 256, InputHeight = 28, InputWidth = 28, KernelSize = 1",
            "InChannels = 512, OutChannels = 512, Groups = 512, InputHeight = 14, InputWidth = 14, KernelSize = 3, Padding = 1",
            "InChannels = 512, OutChannels = 512, InputHeight = 14, InputWidth = 14, KernelSize = 1",
            "InChannels = 512, OutChannels = 512, Groups = 512, InputHeight = 14, InputWidth = 14, KernelSize = 3, Stride = 2, Padding = 1",
            "InChannels = 1024, OutChannels = 1024, Groups = 1024, InputHeight = 7, InputWidth = 7, KernelSize = 3, Padding = 1",
            "InChannels = 1024, OutChannels = 1024, InputHeight = 7, InputWidth = 7, KernelSize = 1",
            // MobileNet v2
            "InChannels = 16, OutChannels = 96, InputHeight = 112, InputWidth = 112, KernelSize = 1",
            "InChannels = 96, OutChannels = 96, Groups = 96, InputHeight = 112, InputWidth = 112, KernelSize = 3, Stride = 2, Padding = 1",
            "InChannels = 144, OutChannels = 24, InputHeight = 56, InputWidth = 56, KernelSize = 1",
            "InChannels = 144, OutChannels = 144, Groups = 144, InputHeight = 56, InputWidth = 56, KernelSize = 3, Padding = 1",
            "InChannels = 192, OutChannels = 192, Groups = 192, InputHeight = 28, InputWidth = 28, KernelSize = 3, Stride = 2, Padding = 1",
            "InChannels = 960, OutChannels = 320, InputHeight = 7, InputWidth = 7, KernelSize = 1",
            "InChannels = 320, OutChannels = 1280, InputHeight = 7, InputWidth = 7, KernelSize = 1",
            // VGG-16
            "InChannels = 3, OutChannels = 64, InputHeight = 224, InputWidth = 224, KernelSize = 3, Padding = 1",
            "InChannels = 64, OutChannels = 64, InputHeight = 224, InputWidth = 224, KernelSize = 3, Padding = 1",
            "InChannels = 128, OutChannels = 128, InputHeight = 112, InputWidth = 112, KernelSize = 3, Padding = 1",
            "InChannels = 256, OutChannels = 256, InputHeight = 56, InputWidth = 56, KernelSize = 3, Padding = 1",
            "InChannels = 512, OutChannels = 512, InputHeight = 28, InputWidth = 28, KernelSize = 3, Padding = 1",
            // AlexNet
            "InChannels = 3, OutChannels = 64, InputHeight = 224, InputWidth = 224, KernelSize = 11, Stride = 4, Padding = 2",
            "InChannels = 64, OutChannels = 192, InputHeight = 27, InputWidth = 27, KernelSize = 5, Padding = 2",
            "InChannels = 192, OutChannels = 384, InputHeight = 13, InputWidth = 13, KernelSize = 3, Padding = 1",
            // A CIFAR ResNet-20 and LeNet-5
            "InChannels = 16, OutChannels = 16, InputHeight = 32, InputWidth = 32, KernelSize = 3, Padding = 1",
            "InChannels = 16, OutChannels = 32, InputHeight = 32, InputWidth = 32, KernelSize = 3, Stride = 2, Padding = 1",
            "InChannels = 32, OutChannels = 64, InputHeight = 16, InputWidth = 16, KernelSize = 3, Stride = 2, Padding = 1",
            "InChannels = 64, OutChannels = 64, InputHeight = 8, InputWidth = 8, KernelSize = 3, Padding = 1",
            "InChannels = 1, OutChannels = 6, InputHeight = 32, InputWidth = 32, KernelSize = 5",
            "InChannels = 6, OutChannels = 16, InputHeight = 14, InputWidth = 14, KernelSize = 5",
            "InChannels = 16, OutChannels = 120, InputHeight = 5, InputWidth = 5, KernelSize = 5",
            // SqueezeNet 1.0 (a 7×7 stride-2 first layer without padding: 109-wide rows), its fire modules and classifier
            "InChannels = 3, OutChannels = 96, InputHeight = 224, InputWidth = 224, KernelSize = 7, Stride = 2",
            "InChannels = 96, OutChannels = 16, InputHeight = 54, InputWidth = 54, KernelSize = 1",
            "InChannels = 16, OutChannels = 64, InputHeight = 54, InputWidth = 54, KernelSize = 3, Padding = 1",
            "InChannels = 512, OutChannels = 1000, InputHeight = 13, InputWidth = 13, KernelSize = 1",
            // SSD300 (VGG's fc7 as a 1×1 on 19×19, the extra layers and a 3×3 head) and YOLOv3's 13×13 head
            "InChannels = 1024, OutChannels = 1024, InputHeight = 19, InputWidth = 19, KernelSize = 1",
            "InChannels = 128, OutChannels = 256, InputHeight = 5, InputWidth = 5, KernelSize = 3",
            "InChannels = 256, OutChannels = 84, InputHeight = 3, InputWidth = 3, KernelSize = 3, Padding = 1",
            "InChannels = 1024, OutChannels = 126, InputHeight = 19, InputWidth = 19, KernelSize = 3, Padding = 1",
            "InChannels = 1024, OutChannels = 255, InputHeight = 13, InputWidth = 13, KernelSize = 1",
            // YOLOv5s at 640×640: the 6×6 stride-2 stem, a 3×3 stride-2
            // downsampling layer and the 80×80 detection head
            "InChannels = 3, OutChannels = 32, InputHeight = 640, InputWidth = 640, KernelSize = 6, Stride = 2, Padding = 2",
            "InChannels = 32, OutChannels = 64, InputHeight = 320, InputWidth = 320, KernelSize = 3, Stride = 2, Padding = 1",
            "InChannels = 128, OutChannels = 255, InputHeight = 80, InputWidth = 80, KernelSize = 1",
        };

        [Fact]
        public void Real_network_layers_get_their_regular_kernels_in_files_under_200_KB()
        {
            var source = new StringBuilder();
            for (int i = 0; i < Layers.Length; i++)
            {
                source.AppendLine(LayerSource.Declaration(Layers[i], name: $"L{i}"));
            }

            var run = GeneratorHarness.Run(LayerSource.InClass(source.ToString()));
            Assert.Empty(run.GeneratorDiagnostics);
            var problems = new List<string>();
            for (int i = 0; i < Layers.Length; i++)
            {
                var file = run.GeneratedFiles.Single(f => f.HintName.EndsWith($".L{i}.g.cs", System.StringComparison.Ordinal));
                if (file.Text.Contains(CompactPlan))
                {
                    problems.Add($"[{Layers[i]}] is planned compactly");
                }

                if (file.Text.Length > 200_000)
                {
                    problems.Add($"[{Layers[i]}] writes {file.Text.Length} characters");
                }
            }

            Assert.True(problems.Count == 0, string.Join("\n", problems));
        }
    }
}
