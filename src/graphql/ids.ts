import { decodeGlobalId, encodeGlobalId, isUuid } from '../domain/ids';
import { BadInputError } from '../services/errors';

/** Node type names that appear inside global ids. */
export type NodeType = 'Return' | 'ReturnItem' | 'Order' | 'OrderLine' | 'Customer' | 'ReturnPolicy' | 'Partner' | 'PartnerApiKey' | 'IntegrationJob' | 'DropOffLocation' | 'RefurbishmentJob' | 'RecyclingLot' | 'ResaleListing' | 'DisposalRecord' | 'VendorReturnAuthorization' | 'AdminOperation' | 'BulkImport';

/** Encodes a row id as an opaque global id. */
export function toGlobalId(type: NodeType, id: string): string {
  return encodeGlobalId(type, id);
}

/** Decodes a global id of the expected type; malformed or of another type is BAD_USER_INPUT (never echoing the value). */
export function fromGlobalId(type: NodeType, globalId: string, field: string): string {
  const decoded = decodeGlobalId(globalId);
  if (!decoded || decoded.type !== type) throw new BadInputError(`${field}: not a valid ${type} id`, [field]);
  return decoded.id;
}

/** A keyset cursor: base64url of `${prefix}:${row uuid}`. */
export function toCursor(prefix: string, id: string): string {
  return Buffer.from(`${prefix}:${id}`).toString('base64url');
}

/** The row id inside a keyset cursor made by toCursor; anything else (not even a UUID inside) is BAD_USER_INPUT. */
export function fromCursor(prefix: string, cursor: string): string {
  const raw = Buffer.from(cursor, 'base64url').toString();
  const id = raw.startsWith(`${prefix}:`) ? raw.slice(prefix.length + 1) : null;
  if (!isUuid(id)) throw new BadInputError('after: not a valid cursor', ['after']);
  return id;
}
