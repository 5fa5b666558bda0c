using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace StrideGen.Analyzers
{
    /// <summary>
    /// SGEN007: a call to a layer passes a buffer whose length is known at compile time (see <see cref="KnownBufferLength"/>)
    /// and differs from the length that span must have, which the shape model knows. The generated entry would throw
    /// <c>ArgumentException</c> at run time; this says so as you type.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class CallSiteLengthAnalyzer : DiagnosticAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(DiagnosticDescriptors.BufferLength);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.RegisterCompilationStartAction(static start =>
            {
                if (LayerAttributeTypes.Find(start.Compilation) is not { } types)
                {
                    return;
                }

                var index = new LayerIndex(types);
                var lengths = new ConcurrentDictionary<IMethodSymbol, IReadOnlyList<RequiredLength>?>(SymbolEqualityComparer.Default);
                start.RegisterOperationAction(operation => AnalyzeInvocation(operation, index, lengths), OperationKind.Invocation);
            });
        }

        private static void AnalyzeInvocation(
            OperationAnalysisContext context,
            LayerIndex index,
            ConcurrentDictionary<IMethodSymbol, IReadOnlyList<RequiredLength>?> cache)
        {
            var invocation = (IInvocationOperation)context.Operation;
            var target = invocation.TargetMethod.PartialDefinitionPart ?? invocation.TargetMethod;
            if (index.Types.Find(target) is null)
            {
                return; // the common case, decided without touching the cache
            }

            var required = cache.GetOrAdd(target, method =>
                index.Find(method) is { } layer && method.ContainingType is { } type ? RequiredLengths.Of(layer, index.LayersOf(type)) : null);
            if (required is null)
            {
                return;
            }

            foreach (var argument in invocation.Arguments)
            {
                if (argument.ArgumentKind != ArgumentKind.Explicit || argument.Parameter is not { } parameter
                    || parameter.Ordinal >= required.Count)
                {
                    continue;
                }

                var expected = required[parameter.Ordinal];
                if (KnownBufferLength.Of(argument.Value, context.CancellationToken) is long actual && actual != expected.Length)
                {
                    context.ReportDiagnostic(Diagnostic.Create(
                        DiagnosticDescriptors.BufferLength, argument.Syntax.GetLocation(), target.Name, expected.Role, expected.Length, expected.Figures, actual));
                }
            }
        }
    }
}
