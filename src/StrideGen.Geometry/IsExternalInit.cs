#if NETSTANDARD2_0
namespace System.Runtime.CompilerServices
{
    // Lets netstandard2.0 code (the generator and the analyzer) declare records and init-only properties.
    internal static class IsExternalInit
    {
    }
}
#endif
