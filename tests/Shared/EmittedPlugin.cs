using System.Reflection;
using System.Reflection.Emit;

namespace DaskSharp.Tests;

/// <summary>
/// Two assemblies made at run time, so that one of them can be truly missing (no file on any probe
/// path): CodeShipping.Contracts (interface <c>IPlugin</c>, struct <c>Point</c>) and CodeShipping.Plugin,
/// which uses them: <c>Doubler : IPlugin</c> with <c>static int Twice(int)</c>, <c>Outer : IPlugin</c>
/// with a nested <c>Inner</c> holding <c>static int Same(int)</c>, and <c>Holder</c> with a <c>Point</c> field.
/// </summary>
internal static class EmittedPlugin
{
    public const string ContractsName = "CodeShipping.Contracts, Version=0.0.0.0, Culture=neutral, PublicKeyToken=null";

    public static byte[] Contracts() => Save("CodeShipping.Contracts", module =>
    {
        module.DefineType("CodeShipping.Contracts.IPlugin", TypeAttributes.Public | TypeAttributes.Interface | TypeAttributes.Abstract).CreateType();
        TypeBuilder point = module.DefineType("CodeShipping.Contracts.Point", TypeAttributes.Public | TypeAttributes.Sealed | TypeAttributes.SequentialLayout, typeof(ValueType));
        point.DefineField("X", typeof(int), FieldAttributes.Public);
        point.CreateType();
    });

    /// <summary>The plugin, built against <paramref name="contracts"/> (the loaded <see cref="Contracts"/>).</summary>
    public static byte[] Plugin(Assembly contracts) => Save("CodeShipping.Plugin", module =>
    {
        Type plugin = contracts.GetType("CodeShipping.Contracts.IPlugin", throwOnError: true)!;
        TypeBuilder doubler = module.DefineType("CodeShipping.Plugin.Doubler", TypeAttributes.Public | TypeAttributes.Sealed, typeof(object));
        doubler.AddInterfaceImplementation(plugin);
        Body(doubler.DefineMethod("Twice", MethodAttributes.Public | MethodAttributes.Static, typeof(int), [typeof(int)]), OpCodes.Ldc_I4_2, OpCodes.Mul);
        doubler.CreateType();

        TypeBuilder outer = module.DefineType("CodeShipping.Plugin.Outer", TypeAttributes.Public | TypeAttributes.Sealed, typeof(object));
        outer.AddInterfaceImplementation(plugin);
        TypeBuilder inner = outer.DefineNestedType("Inner", TypeAttributes.NestedPublic | TypeAttributes.Sealed, typeof(object));
        Body(inner.DefineMethod("Same", MethodAttributes.Public | MethodAttributes.Static, typeof(int), [typeof(int)]));
        outer.CreateType();
        inner.CreateType();

        TypeBuilder holder = module.DefineType("CodeShipping.Plugin.Holder", TypeAttributes.Public | TypeAttributes.Sealed, typeof(object));
        holder.DefineField("Where", contracts.GetType("CodeShipping.Contracts.Point", throwOnError: true)!, FieldAttributes.Public);
        holder.CreateType();
    });

    private static void Body(MethodBuilder method, params OpCode[] afterArgument)
    {
        ILGenerator il = method.GetILGenerator();
        il.Emit(OpCodes.Ldarg_0);
        foreach (OpCode op in afterArgument)
        {
            il.Emit(op);
        }

        il.Emit(OpCodes.Ret);
    }

    private static byte[] Save(string name, Action<ModuleBuilder> define)
    {
        var assembly = new PersistedAssemblyBuilder(new AssemblyName(name), typeof(object).Assembly);
        define(assembly.DefineDynamicModule(name));
        using var stream = new MemoryStream();
        assembly.Save(stream);
        return stream.ToArray();
    }
}
