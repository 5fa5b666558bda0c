namespace StrideGen.Generators.Emitting
{
    /// <summary>What a kernel class is to its file: most files have one kernel, a layer that runs in channel blocks three, one that runs channels last or as NHWC Winograd two.</summary>
    internal enum KernelRole
    {
        /// <summary>The kernel the entry method calls, with every path and the entry's helpers.</summary>
        Layer,

        /// <summary>One channel block's kernel (see <see cref="ChannelBlockEmitter"/>): its vector paths only.</summary>
        ChannelBlock,

        /// <summary>The layer's own kernel beside its channel blocks, for the paths they do not take; no entry helpers.</summary>
        BesideChannelBlocks,

        /// <summary>The layer's own NHWC kernel beside its Winograd kernel (see <see cref="NhwcWinogradEmitter"/>), for the paths that does not take; no entry helpers.</summary>
        BesideWinograd,

        /// <summary>
        /// The NHWC kernel an NCHW layer with packed weights runs on channels-last copies of its tensors (see
        /// <see cref="ChannelsLastEmitter"/>): every path; no entry helpers.
        /// </summary>
        ChannelsLast,
    }
}
