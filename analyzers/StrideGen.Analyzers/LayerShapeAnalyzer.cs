using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using StrideGen.Generators.Parsing;
using StrideGen.Geometry;

namespace StrideGen.Analyzers
{
    /// <summary>
    /// Reports what is wrong with each layer declaration: its shape (SGEN001–004, 006, 008–010, from the shape model the
    /// generator uses, each at the attribute argument at fault), the method carrying it (SGEN005, at its name), and a
    /// multi-threaded layer in a project without unsafe code (SGEN011, at <c>Threads</c>).
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class LayerShapeAnalyzer : DiagnosticAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
            DiagnosticDescriptors.InvalidParameter,
            DiagnosticDescriptors.EmptyOutput,
            DiagnosticDescriptors.UnreadInput,
            DiagnosticDescriptors.GroupsMismatch,
            DiagnosticDescriptors.SignatureMismatch,
            DiagnosticDescriptors.ChainMismatch,
            DiagnosticDescriptors.PaddingOnlyOutputs,
            DiagnosticDescriptors.Unsupported,
            DiagnosticDescriptors.Conflict,
            DiagnosticDescriptors.ThreadsNeedUnsafe);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.RegisterCompilationStartAction(static start =>
            {
                if (LayerAttributeTypes.Find(start.Compilation) is not { } types)
                {
                    return; // StrideGen is not referenced: nothing to analyse.
                }

                var index = new LayerIndex(types);
                start.RegisterSemanticModelAction(model => AnalyzeDocument(model, index));
                start.RegisterOperationAction(operation => AnalyzeLocalFunction(operation, types), OperationKind.LocalFunction);
            });
        }

        /// <summary>
        /// Analyses each method declaration of a document that holds a layer attribute. Per document, not per symbol: once
        /// the generator has written a layer's implementation part, the compiler treats the partial method as declared in
        /// generated code, which this analyzer skips, so symbol (and symbol-driven syntax) actions would never see the
        /// user's layer in a build. A document of user code is analysed whatever its partial methods' other parts are.
        /// </summary>
        private static void AnalyzeDocument(SemanticModelAnalysisContext context, LayerIndex index)
        {
            foreach (var method in AttributedMethods.In(context.SemanticModel.SyntaxTree.GetRoot(context.CancellationToken)))
            {
                AnalyzeMethod(context, method, index);
            }
        }

        private static void AnalyzeMethod(SemanticModelAnalysisContext context, MethodDeclarationSyntax syntax, LayerIndex index)
        {
            if (context.SemanticModel.GetDeclaredSymbol(syntax, context.CancellationToken) is not { } method
                || index.Find(method) is not { } layer
                || layer.Attribute.ApplicationSyntaxReference is not { } reference
                || reference.SyntaxTree != syntax.SyntaxTree
                || !syntax.AttributeLists.Span.Contains(reference.Span)
                || reference.GetSyntax(context.CancellationToken) is not AttributeSyntax attribute)
            {
                return; // not a layer, or a part of it that does not carry the attribute
            }

            if (LayerSignature.FindProblem(layer.Method, layer.Kind) is { } signatureProblem)
            {
                context.ReportDiagnostic(Diagnostic.Create(
                    DiagnosticDescriptors.SignatureMismatch, syntax.Identifier.GetLocation(), signatureProblem, layer.Kind, LayerSignature.Expected(layer.Kind)));
            }

            // Threads out of range is the shape model's to report (SGEN001, SGEN009); in range and above 1, the layer pins its spans.
            if (layer.Kind == LayerKind.Conv2D && layer.Declaration.Threads is int threads && threads > 1 && threads <= LayerLimits.MaxThreads
                && context.SemanticModel.Compilation.Options is CSharpCompilationOptions { AllowUnsafe: false })
            {
                context.ReportDiagnostic(Diagnostic.Create(
                    DiagnosticDescriptors.ThreadsNeedUnsafe, AttributeArguments.LocationOf(attribute, "Threads"), layer.Method.Name, threads));
            }

            if (layer.Method.ContainingType is not { } type)
            {
                return;
            }

            var chain = LayerResolution.Resolve(layer, index.LayersOf(type));
            if (chain.Count == 0)
            {
                return;
            }

            foreach (var problem in chain[chain.Count - 1].Problems)
            {
                context.ReportDiagnostic(Diagnostic.Create(
                    DiagnosticDescriptors.For(problem.Kind), AttributeArguments.LocationOf(attribute, problem.Argument), problem.Message));
            }
        }

        /// <summary>A local function cannot be partial, so a layer attribute on one can never get a kernel.</summary>
        private static void AnalyzeLocalFunction(OperationAnalysisContext context, LayerAttributeTypes types)
        {
            if (context.Operation is not ILocalFunctionOperation { Symbol: { } function } || types.Find(function) is not { } found
                || function.Locations.Length == 0)
            {
                return;
            }

            context.ReportDiagnostic(Diagnostic.Create(
                DiagnosticDescriptors.SignatureMismatch,
                function.Locations[0],
                $"'{function.Name}' is a local function, which cannot be partial",
                found.Kind,
                LayerSignature.Expected(found.Kind)));
        }
    }
}
