namespace StrideGen.Geometry
{
    /// <summary>
    /// A layer's input shape: as written on the attribute, or taken from the layer named by <c>From</c>. Where both exist
    /// and differ, that is a chain problem (SGEN006) and the written value is not used: the generator never guesses.
    /// </summary>
    internal static class LayerInput
    {
        public static TensorShape? Resolve(DeclarationRules rules, LayerDeclaration d, string channelsName, int? writtenChannels, TensorShape? upstream, int? defaultChannels)
        {
            if (upstream is not null)
            {
                bool fits = true;
                foreach (var (name, written, actual) in new[] { (channelsName, writtenChannels, upstream.Channels), ("InputHeight", d.InputHeight, upstream.Height), ("InputWidth", d.InputWidth, upstream.Width) })
                {
                    if (written is int w && w != actual)
                    {
                        rules.Add(ProblemKind.ChainMismatch, name,
                            $"{name} = {w} differs from the output of '{d.From}', which is {upstream} (channels × height × width); remove {name} or make it {actual}");
                        fits = false;
                    }
                }

                return fits ? upstream : null;
            }

            if (d.From is not null && (writtenChannels is null && defaultChannels is null || d.InputHeight is null || d.InputWidth is null))
            {
                // The chain could not supply the input (its problem is reported where the chain breaks): say nothing more here.
                return null;
            }

            int? channels = writtenChannels ?? defaultChannels;
            bool ok = true;
            if (channels is null)
            {
                rules.Add(ProblemKind.InvalidParameter, null, $"{channelsName} is required");
                ok = false;
            }
            else
            {
                ok &= rules.AtLeastOne(channelsName, channels.Value, LayerLimits.MaxChannels);
            }

            int? height = rules.Required("InputHeight", d.InputHeight, LayerLimits.MaxInputSize, d.From is null ? null : " (or a From layer that supplies it)");
            int? width = rules.Required("InputWidth", d.InputWidth, LayerLimits.MaxInputSize, d.From is null ? null : " (or a From layer that supplies it)");
            return ok && height is not null && width is not null ? new TensorShape(channels!.Value, height.Value, width.Value) : null;
        }
    }
}
