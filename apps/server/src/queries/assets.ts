import { eq } from "@taller/db/sql";
import { assets, type Asset, type Executor } from "@taller/db";

/** A stored image by id, bytes included. */
export async function findAsset(db: Executor, id: string): Promise<Asset | undefined> {
  const [asset] = await db.select().from(assets).where(eq(assets.id, id));
  return asset;
}
