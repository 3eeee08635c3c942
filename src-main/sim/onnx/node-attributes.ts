// Reads a node's attributes by name; the caller supplies the ONNX default for an absent one.
import type { AttributeProto, NodeProto } from './proto';

export function findAttribute(node: NodeProto, name: string): AttributeProto | undefined {
  return node.attribute?.find((attribute) => attribute.name === name);
}

export function intAttribute(node: NodeProto, name: string, fallback: number): number {
  const attribute = findAttribute(node, name);
  return attribute?.i === undefined || attribute.i === null ? fallback : Number(attribute.i);
}

export function floatAttribute(node: NodeProto, name: string, fallback: number): number {
  return findAttribute(node, name)?.f ?? fallback;
}
