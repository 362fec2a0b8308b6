import { decodeGlobalId, encodeGlobalId } from '../domain/ids';
import { BadInputError } from '../services/errors';

/** Node type names that appear inside global ids. */
export type NodeType = 'Return' | 'ReturnItem' | 'Order' | 'OrderLine' | 'Customer' | 'ReturnPolicy' | 'Partner' | 'PartnerApiKey' | 'IntegrationJob' | 'DropOffLocation' | 'RefurbishmentJob' | 'RecyclingLot' | 'ResaleListing' | 'DisposalRecord' | 'VendorReturnAuthorization';

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
