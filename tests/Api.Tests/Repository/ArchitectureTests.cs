using Mono.Cecil;
using Mono.Cecil.Cil;

namespace Insure.Api.Tests.Repository;

/// <summary>
/// The house's one-way references, read from the compiled assemblies: Api features and infrastructure talk to grains
/// only through Grains.Interfaces (Api.Hosting alone starts the embedded silo); Grains.Interfaces knows nothing of
/// HTTP; grain classes and rule functions are internal to Grains.
/// </summary>
public sealed class ArchitectureTests
{
    private const string GrainsAssembly = "Insure.Grains";
    private const string HostingNamespace = "Insure.Api.Hosting";

    private static ModuleDefinition Module(string assembly) =>
        ModuleDefinition.ReadModule(Path.Combine(AppContext.BaseDirectory, assembly + ".dll"));

    [Fact]
    public void ApiCode_OutsideHosting_UsesNoTypeFromGrains()
    {
        using var api = Module("Insure.Api");
        var violations = AllTypes(api)
            .Where(t => !Outermost(t).Namespace.StartsWith(HostingNamespace, StringComparison.Ordinal))
            .SelectMany(t => ReferencedTypes(t).Where(r => AssemblyOf(r) == GrainsAssembly).Select(r => $"{t.FullName} uses {r.FullName}"))
            .Distinct()
            .ToList();
        Assert.True(violations.Count == 0, "Api code outside Hosting reaches into Grains:\n" + string.Join("\n", violations));
    }

    [Fact]
    public void ApiHosting_IsWhereTheApiStartsTheSilo()
    {
        // The rule above would pass vacuously if nothing referenced Grains: Hosting must, to host the embedded silo.
        using var api = Module("Insure.Api");
        Assert.Contains(AllTypes(api).Where(t => Outermost(t).Namespace.StartsWith(HostingNamespace, StringComparison.Ordinal)),
            t => ReferencedTypes(t).Any(r => AssemblyOf(r) == GrainsAssembly));
    }

    [Fact]
    public void GrainsInterfaces_KnowNothingOfHttpOrOfTheGrains()
    {
        using var interfaces = Module("Insure.Grains.Interfaces");
        var references = interfaces.AssemblyReferences.Select(r => r.Name).ToList();
        Assert.DoesNotContain(references, r => r.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal));
        Assert.DoesNotContain(GrainsAssembly, references);
        Assert.DoesNotContain(AllTypes(interfaces), t => t.Name.EndsWith("Resource", StringComparison.Ordinal) || t.Name.EndsWith("Dto", StringComparison.Ordinal));
    }

    [Fact]
    public void GrainClassesAndRules_AreInternalToGrains()
    {
        using var grains = Module(GrainsAssembly);
        var exposed = AllTypes(grains)
            .Where(t => t.IsPublic || t.IsNestedPublic)
            .Where(t => !t.IsAbstract && DerivesFromGrain(t) || t.Name.EndsWith("Rules", StringComparison.Ordinal) || t.Name.EndsWith("Lifecycle", StringComparison.Ordinal))
            .Select(t => t.FullName)
            .ToList();
        Assert.True(exposed.Count == 0, "Public in Grains: " + string.Join(", ", exposed));
        Assert.Contains(AllTypes(grains), t => t.Name == "PolicyRules");
    }

    private static IEnumerable<TypeDefinition> AllTypes(ModuleDefinition module) =>
        module.Types.SelectMany(Nested);

    private static IEnumerable<TypeDefinition> Nested(TypeDefinition type) => type.NestedTypes.SelectMany(Nested).Prepend(type);

    private static TypeDefinition Outermost(TypeDefinition type) => type.DeclaringType is { } outer ? Outermost(outer) : type;

    private static bool DerivesFromGrain(TypeDefinition type)
    {
        for (var baseType = type.BaseType; baseType is not null;)
        {
            if (baseType.FullName == "Orleans.Grain" || baseType.FullName.StartsWith("Orleans.Grain`", StringComparison.Ordinal))
            {
                return true;
            }
            baseType = baseType.Resolve()?.BaseType;
        }
        return false;
    }

    private static string? AssemblyOf(TypeReference type) => type.Scope switch
    {
        AssemblyNameReference assembly => assembly.Name,
        ModuleDefinition module => module.Assembly.Name.Name,
        _ => null,
    };

    /// <summary>Every type a type's signatures, attributes and method bodies name, generic arguments included.</summary>
    private static IEnumerable<TypeReference> ReferencedTypes(TypeDefinition type)
    {
        var found = new List<TypeReference>();
        void Add(TypeReference? reference)
        {
            switch (reference)
            {
                case null:
                    return;
                case GenericInstanceType generic:
                    Add(generic.ElementType);
                    generic.GenericArguments.ToList().ForEach(Add);
                    return;
                case TypeSpecification specification:
                    Add(specification.ElementType);
                    return;
                case GenericParameter:
                    return;
                default:
                    found.Add(reference);
                    return;
            }
        }
        void Attributes(ICustomAttributeProvider provider)
        {
            foreach (var attribute in provider.CustomAttributes)
            {
                Add(attribute.AttributeType);
                attribute.ConstructorArguments.Select(a => a.Value).OfType<TypeReference>().ToList().ForEach(Add);
            }
        }
        void Method(MethodReference method)
        {
            Add(method.DeclaringType);
            Add(method.ReturnType);
            method.Parameters.ToList().ForEach(p => Add(p.ParameterType));
            if (method is GenericInstanceMethod generic)
            {
                generic.GenericArguments.ToList().ForEach(Add);
            }
        }

        Add(type.BaseType);
        type.Interfaces.ToList().ForEach(i => Add(i.InterfaceType));
        Attributes(type);
        foreach (var field in type.Fields)
        {
            Add(field.FieldType);
            Attributes(field);
        }
        foreach (var property in type.Properties)
        {
            Add(property.PropertyType);
            Attributes(property);
        }
        foreach (var method in type.Methods)
        {
            Method(method);
            Attributes(method);
            method.Parameters.ToList().ForEach(Attributes);
            if (!method.HasBody)
            {
                continue;
            }
            method.Body.Variables.ToList().ForEach(v => Add(v.VariableType));
            foreach (var instruction in method.Body.Instructions)
            {
                switch (instruction.Operand)
                {
                    case TypeReference reference:
                        Add(reference);
                        break;
                    case MethodReference reference:
                        Method(reference);
                        break;
                    case FieldReference reference:
                        Add(reference.DeclaringType);
                        Add(reference.FieldType);
                        break;
                }
            }
            if (method.Body.HasExceptionHandlers)
            {
                method.Body.ExceptionHandlers.Where(h => h.HandlerType == ExceptionHandlerType.Catch).ToList().ForEach(h => Add(h.CatchType));
            }
        }
        return found;
    }
}
