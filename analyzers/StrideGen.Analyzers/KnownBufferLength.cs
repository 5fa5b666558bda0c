using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace StrideGen.Analyzers
{
    /// <summary>
    /// The length of a float buffer, where it is known at compile time: <c>new float[N]</c> (or with an initializer),
    /// <c>stackalloc float[N]</c>, a collection expression without spreads, and a local or readonly field initialised with
    /// one of these and never reassigned. Anything else is unknown (null): the call is then not judged.
    /// </summary>
    internal static class KnownBufferLength
    {
        public static long? Of(IOperation value, CancellationToken cancellationToken) => Of(value, followVariables: true, cancellationToken);

        private static long? Of(IOperation? value, bool followVariables, CancellationToken cancellationToken)
        {
            value = Unwrap(value);
            switch (value)
            {
                case null:
                    return null;
                case IArrayCreationOperation { Type: IArrayTypeSymbol { Rank: 1, ElementType.SpecialType: SpecialType.System_Single } } array
                    when array.DimensionSizes.Length == 1 && array.DimensionSizes[0].ConstantValue is { HasValue: true, Value: int length }:
                    return length;
                case ILocalReferenceOperation local when followVariables:
                    return OfLocal(local.Local, value.SemanticModel, cancellationToken);
                case IFieldReferenceOperation field when followVariables:
                    return OfReadonlyField(field.Field, value.SemanticModel, cancellationToken);
            }

            // stackalloc and collection expressions have no operation interface in Roslyn 4.8: read their syntax.
            return value.SemanticModel is { } model ? OfSyntax(value.Syntax, model, cancellationToken) : null;
        }

        private static IOperation? Unwrap(IOperation? value)
        {
            while (true)
            {
                switch (value)
                {
                    case IConversionOperation { IsImplicit: true } conversion:
                        value = conversion.Operand;
                        break;
                    case IConversionOperation { OperatorMethod: null } conversion when IsSpanOrArray(conversion.Type):
                        value = conversion.Operand; // an explicit (ReadOnlySpan<float>)array keeps the length
                        break;
                    case IParenthesizedOperation parenthesized:
                        value = parenthesized.Operand;
                        break;
                    default:
                        return value;
                }
            }
        }

        private static bool IsSpanOrArray(ITypeSymbol? type) =>
            type is IArrayTypeSymbol
            || type is INamedTypeSymbol { Arity: 1, Name: "Span" or "ReadOnlySpan", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } };

        private static long? OfSyntax(SyntaxNode syntax, SemanticModel model, CancellationToken cancellationToken)
        {
            while (syntax is ParenthesizedExpressionSyntax parenthesized)
            {
                syntax = parenthesized.Expression;
            }

            switch (syntax)
            {
                case StackAllocArrayCreationExpressionSyntax { Type: ArrayTypeSyntax { RankSpecifiers.Count: 1 } type } created
                    when type.RankSpecifiers[0].Sizes.Count == 1 && IsFloat(type.ElementType, model, cancellationToken):
                    var size = type.RankSpecifiers[0].Sizes[0];
                    if (size is OmittedArraySizeExpressionSyntax)
                    {
                        return created.Initializer?.Expressions.Count;
                    }

                    return model.GetConstantValue(size, cancellationToken) is { HasValue: true, Value: int length } ? length : null;
                case ImplicitStackAllocArrayCreationExpressionSyntax implicitStackalloc:
                    return implicitStackalloc.Initializer.Expressions.Count;
                case CollectionExpressionSyntax collection when collection.Elements.All(e => e is ExpressionElementSyntax):
                    return collection.Elements.Count;
                default:
                    return null;
            }
        }

        private static bool IsFloat(TypeSyntax type, SemanticModel model, CancellationToken cancellationToken) =>
            model.GetTypeInfo(type, cancellationToken).Type is { SpecialType: SpecialType.System_Single };

        private static long? OfLocal(ILocalSymbol local, SemanticModel? model, CancellationToken cancellationToken)
        {
            if (model is null || local.IsRef || local.DeclaringSyntaxReferences.Length != 1
                || local.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) is not VariableDeclaratorSyntax { Initializer.Value: { } initializer } declarator
                || declarator.SyntaxTree != model.SyntaxTree)
            {
                return null;
            }

            // A local can be written only inside the member (or the top-level statements) that declares it.
            SyntaxNode scope = declarator.FirstAncestorOrSelf<MemberDeclarationSyntax>(m => m is not GlobalStatementSyntax)
                ?? (SyntaxNode)declarator.SyntaxTree.GetRoot(cancellationToken);
            if (Writes.AnyTo(local, scope, model, cancellationToken))
            {
                return null;
            }

            return Of(model.GetOperation(initializer, cancellationToken), followVariables: false, cancellationToken);
        }

        private static long? OfReadonlyField(IFieldSymbol field, SemanticModel? model, CancellationToken cancellationToken)
        {
            if (model is null || !field.IsReadOnly || field.DeclaringSyntaxReferences.Length != 1
                || field.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) is not VariableDeclaratorSyntax { Initializer.Value: { } initializer } declarator
                || Writes.InConstructorsMayReassign(field, cancellationToken))
            {
                return null;
            }

            var fieldModel = declarator.SyntaxTree == model.SyntaxTree ? model : ModelOf(model.Compilation, declarator.SyntaxTree);
            return Of(fieldModel.GetOperation(initializer, cancellationToken), followVariables: false, cancellationToken);
        }

        // A readonly field declared in another file of the same compilation: its initializer's constant needs that file's model.
        // This runs once per call site that passes such a field, never per node.
#pragma warning disable RS1030 // Do not invoke Compilation.GetSemanticModel() method within a diagnostic analyzer
        private static SemanticModel ModelOf(Compilation compilation, SyntaxTree tree) => compilation.GetSemanticModel(tree);
#pragma warning restore RS1030
    }
}
