using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace DaskSharp.Serialization;

/// <summary>Reads an assembly's identity from its bytes without loading it.</summary>
public static class AssemblyIdentity
{
    /// <summary>The module version id (MVID): changes whenever the assembly is rebuilt differently.</summary>
    public static Guid ReadMvid(byte[] bytes) => Read(bytes).Mvid;

    /// <summary>The simple name and the module version id.</summary>
    public static (string Name, Guid Mvid) Read(byte[] bytes)
    {
        try
        {
            using var pe = new PEReader(new MemoryStream(bytes, writable: false));
            MetadataReader metadata = pe.GetMetadataReader();
            return (metadata.GetString(metadata.GetAssemblyDefinition().Name), metadata.GetGuid(metadata.GetModuleDefinition().Mvid));
        }
        catch (BadImageFormatException e)
        {
            throw new BadImageFormatException($"The {bytes.Length} bytes given are not a .NET assembly.", e);
        }
        catch (InvalidOperationException e)
        {
            throw new BadImageFormatException($"The {bytes.Length} bytes given are not a .NET assembly.", e);
        }
    }
}
