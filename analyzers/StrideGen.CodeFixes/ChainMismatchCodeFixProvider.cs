using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
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
    /// SGEN006 where a written input shape differs from the output of the <c>From</c> layer: write that output instead,
    /// or remove the written shape (it follows from the chain). Offered only where the result has no diagnostic.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ChainMismatchCodeFixProvider)), Shared]
    public sealed class ChainMismatchCodeFixProvider : CodeFixProvider
    {
        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticDescriptors.ChainMismatch.Id);

        public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var fix = await LayerFixContext.CreateAsync(context.Document, context.Diagnostics[0].Location.SourceSpan, context.CancellationToken).ConfigureAwait(false);
            if (fix?.AttributeSyntax is null)
            {
                return;
            }

            var chain = fix.Resolve();
            if (chain.Count < 2 || chain[chain.Count - 2].Output is not { } upstream)
            {
                return; // a missing From layer or a cycle: nothing to copy
            }

            string channels = fix.Layer.Kind == LayerKind.Conv2D ? "InChannels" : "Channels";
            var d = fix.Layer.Declaration;
            string from = chain[chain.Count - 2].Name;
            bool mismatched = chain[chain.Count - 1].Problems.Any(p => p.Kind == ProblemKind.ChainMismatch && (p.Argument == channels || p.Argument == "InputHeight" || p.Argument == "InputWidth"));
            if (!mismatched)
            {
                return;
            }

            // Write the From layer's output where a value is written.
            var replaced = fix.Layer.Kind == LayerKind.Conv2D
                ? d with { InChannels = d.InChannels is null ? null : upstream.Channels }
                : d with { Channels = d.Channels is null ? null : upstream.Channels };
            replaced = replaced with
            {
                InputHeight = d.InputHeight is null ? null : upstream.Height,
                InputWidth = d.InputWidth is null ? null : upstream.Width,
            };
            if (FixOutcome.IsClean(fix, replaced))
            {
                var values = new List<(string, ExpressionSyntax)>();
                foreach (var (name, written, value) in new[] { (channels, d.InChannels ?? d.Channels, upstream.Channels), ("InputHeight", d.InputHeight, upstream.Height), ("InputWidth", d.InputWidth, upstream.Width) })
                {
                    if (written is not null)
                    {
                        values.Add((name, AttributeArgumentEdit.Number(value)));
                    }
                }

                await RegisterAsync(context, fix, channels, values, $"Make the input shape {upstream}, the output of '{from}'", "SGEN006.Replace").ConfigureAwait(false);
            }

            // Remove the written shape: it comes from the chain.
            var removed = d with { InChannels = null, Channels = null, InputHeight = null, InputWidth = null };
            if (FixOutcome.IsClean(fix, removed))
            {
                await RegisterAsync(context, fix, channels, new List<(string, ExpressionSyntax)>(), $"Remove the written input shape (it comes from '{from}')", "SGEN006.Remove").ConfigureAwait(false);
            }
        }

        private static async Task RegisterAsync(CodeFixContext context, LayerFixContext fix, string channels, List<(string, ExpressionSyntax)> values, string title, string key)
        {
            var changed = await AttributeFix.ApplyAsync(fix, new[] { channels, "InputHeight", "InputWidth" }, values, context.CancellationToken).ConfigureAwait(false);
            if (changed is not null)
            {
                context.RegisterCodeFix(CodeAction.Create(title, _ => Task.FromResult(changed), key), context.Diagnostics);
            }
        }
    }
}
