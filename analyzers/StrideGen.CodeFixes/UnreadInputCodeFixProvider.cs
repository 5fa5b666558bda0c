using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using StrideGen.Analyzers;
using StrideGen.Geometry;

namespace StrideGen.CodeFixes
{
    /// <summary>
    /// SGEN003: pad so that the windows cover the input. Offers, each only where the shape model finds nothing wrong
    /// with the result: the smallest symmetric <c>Padding</c>; the smallest extra padding at the bottom/right edge
    /// only; and <c>PaddingMode.Same</c>. Every candidate is checked by resolving it, never by arithmetic of its own.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(UnreadInputCodeFixProvider)), Shared]
    public sealed class UnreadInputCodeFixProvider : CodeFixProvider
    {
        private static readonly string[] PaddingArguments = { "PaddingMode", "Padding", "PadTop", "PadBottom", "PadLeft", "PadRight" };

        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticDescriptors.UnreadInput.Id);

        public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var diagnostic = context.Diagnostics[0];
            var fix = await LayerFixContext.CreateAsync(context.Document, diagnostic.Location.SourceSpan, context.CancellationToken).ConfigureAwait(false);
            if (fix?.AttributeSyntax is null)
            {
                return;
            }

            var chain = fix.Resolve();
            if (chain.Count == 0 || chain[chain.Count - 1] is not { } layer || Pads(layer) is not { } pads)
            {
                return;
            }

            var d = fix.Layer.Declaration;
            // A pad of the dilated kernel extent or more is SGEN008 (SGEN001 for pooling), so the searches stop below it.
            int rowLimit = (int)System.Math.Min(LayerLimits.MaxPadding, pads.Rows.EffectiveKernel);
            int columnLimit = (int)System.Math.Min(LayerLimits.MaxPadding, pads.Columns.EffectiveKernel);
            int searchLimit = System.Math.Max(rowLimit, columnLimit);
            var offered = new List<LayerDeclaration>();

            // The smallest padding on every side that clears the layer (ResNet's 3×3 stride 2 padding 1).
            for (int n = 1; n < searchLimit; n++)
            {
                var candidate = WithPads(d, n, n, n, n);
                if (FixOutcome.IsClean(fix, candidate))
                {
                    await OfferAsync(context, fix, candidate, $"Set Padding = {n}", "SGEN003.Padding", offered).ConfigureAwait(false);
                    break;
                }
            }

            // The smallest extra padding on the far edges only, keeping the near ones.
            int bottom = Smallest(fix, pads.Bottom, rowLimit, "PadBottom", b => WithPads(d, pads.Top, b, pads.Left, pads.Right));
            int right = Smallest(fix, pads.Right, columnLimit, "PadRight", r => WithPads(d, pads.Top, bottom, pads.Left, r));
            if (bottom != pads.Bottom || right != pads.Right)
            {
                var candidate = WithPads(d, pads.Top, bottom, pads.Left, right);
                var changes = new List<string>();
                if (bottom != pads.Bottom)
                {
                    changes.Add($"PadBottom = {bottom}");
                }

                if (right != pads.Right)
                {
                    changes.Add($"PadRight = {right}");
                }

                if (FixOutcome.IsClean(fix, candidate))
                {
                    await OfferAsync(context, fix, candidate, "Pad the far edge: " + string.Join(", ", changes), "SGEN003.FarEdge", offered).ConfigureAwait(false);
                }
            }

            // Output = ceil(input / stride), the padding chosen for you.
            var same = d with { PaddingMode = (int)PaddingRule.Same, Padding = null, PadTop = null, PadBottom = null, PadLeft = null, PadRight = null };
            if (FixOutcome.IsClean(fix, same))
            {
                await OfferAsync(context, fix, same, "Use PaddingMode.Same", "SGEN003.Same", offered).ConfigureAwait(false);
            }
        }

        /// <summary>The resolved pads and axes of the layer, as it stands.</summary>
        private static (int Top, int Bottom, int Left, int Right, ConvAxis Rows, ConvAxis Columns)? Pads(ResolvedLayer layer) =>
            layer.Conv is { } c ? (c.PadTop, c.PadBottom, c.PadLeft, c.PadRight, c.Rows, c.Columns)
            : layer.Pool is { } p ? (p.PadTop, p.PadBottom, p.PadLeft, p.PadRight, p.Rows, p.Columns)
            : null;

        /// <summary>The smallest far-edge pad from <paramref name="current"/> up with no SGEN003 left on that edge.</summary>
        private static int Smallest(
            LayerFixContext fix,
            int current,
            int limit,
            string side,
            System.Func<int, LayerDeclaration> candidate)
        {
            for (int pad = current; pad < limit; pad++)
            {
                var chain = fix.Resolve(candidate(pad));
                if (chain.Count > 0 && !chain[chain.Count - 1].Problems.Any(p => p.Kind == ProblemKind.UnreadInput && p.Argument == side))
                {
                    return pad;
                }
            }

            return current;
        }

        /// <summary>
        /// Explicit pads, written as <c>Padding = n</c> when all four agree, else side by side (a side is written when it is
        /// not 0 or was written before); any padding mode but Explicit is dropped.
        /// </summary>
        private static LayerDeclaration WithPads(LayerDeclaration d, int top, int bottom, int left, int right)
        {
            bool shared = top == bottom && top == left && top == right;
            int? Side(int value, int? written) => !shared && (value != 0 || written is not null) ? value : null;
            return d with
            {
                PaddingMode = d.PaddingMode == (int)PaddingRule.Explicit ? d.PaddingMode : null,
                Padding = shared && top != 0 ? top : null,
                PadTop = Side(top, d.PadTop),
                PadBottom = Side(bottom, d.PadBottom),
                PadLeft = Side(left, d.PadLeft),
                PadRight = Side(right, d.PadRight),
            };
        }

        private static async Task OfferAsync(CodeFixContext context, LayerFixContext fix, LayerDeclaration candidate, string title, string key, List<LayerDeclaration> offered)
        {
            if (offered.Contains(candidate))
            {
                return; // e.g. the symmetric padding is also the smallest far-edge one
            }

            var values = new List<(string, ExpressionSyntax)>();
            if (candidate.PaddingMode is int mode)
            {
                values.Add(("PaddingMode", AttributeArgumentEdit.PaddingMode(((PaddingRule)mode).ToString())));
            }

            foreach (var (name, value) in new[] { ("Padding", candidate.Padding), ("PadTop", candidate.PadTop), ("PadBottom", candidate.PadBottom), ("PadLeft", candidate.PadLeft), ("PadRight", candidate.PadRight) })
            {
                if (value is int v)
                {
                    values.Add((name, AttributeArgumentEdit.Number(v)));
                }
            }

            var changed = await AttributeFix.ApplyAsync(fix, PaddingArguments, values, context.CancellationToken).ConfigureAwait(false);
            if (changed is not null)
            {
                offered.Add(candidate);
                context.RegisterCodeFix(CodeAction.Create(title, _ => Task.FromResult(changed), key), context.Diagnostics);
            }
        }
    }
}
