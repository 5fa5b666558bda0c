using System;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;

namespace StrideGen.Testing
{
    /// <summary>An assembly compiled in-process from a generator run and loaded into its own collectible context.</summary>
    public sealed class LayerAssembly
    {
        private readonly Assembly assembly;

        private LayerAssembly(Assembly assembly) => this.assembly = assembly;

        /// <summary>Emits <paramref name="run"/>'s compilation; throws with the compiler's messages when it has errors.</summary>
        public static LayerAssembly Load(GeneratorRun run)
        {
            using var stream = new MemoryStream();
            var result = run.Compilation.Emit(stream);
            if (!result.Success)
            {
                var errors = result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Take(20);
                throw new InvalidOperationException("Generated code did not compile:\n" + string.Join("\n", errors));
            }

            stream.Position = 0;
            var context = new AssemblyLoadContext("StrideGen layers " + Guid.NewGuid(), isCollectible: true);
            return new LayerAssembly(context.LoadFromStream(stream));
        }

        /// <summary>A public static method of a public type, as a delegate of type <typeparamref name="T"/>.</summary>
        public T Method<T>(string typeName, string methodName) where T : Delegate =>
            (T)(assembly.GetType(typeName, throwOnError: true)!.GetMethod(methodName, BindingFlags.Public | BindingFlags.Static)
                ?? throw new MissingMethodException(typeName, methodName)).CreateDelegate(typeof(T));

        /// <summary>A public constant of a generated Shape class.</summary>
        public long Constant(string typeName, string name) =>
            Convert.ToInt64(assembly.GetType(typeName, throwOnError: true)!.GetField(name, BindingFlags.Public | BindingFlags.Static)!.GetRawConstantValue());
    }
}
