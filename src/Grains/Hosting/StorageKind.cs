namespace Insure.Grains.Hosting;

public enum StorageKind
{
    Memory = 0,
    Postgres = 1,
}
