// Decodes an ONNX tensor's data (raw little-endian bytes or typed fields) into numbers: floats as float32, integers exactly.
import type Long from 'long';
import { onnx, type TensorProto } from './proto';

/** A constant's values; float tensors of any precision become float32, the precision the layers run in. */
/**
 * A constant that a DequantizeLinear read from integers (a quantized model's weight): the coarsest symmetric grid
 * its integers lie on, k·step with |k| ≤ 2^(bits−1) − 1, and that step's value in weight units when one step
 * serves the whole tensor (null when the scale or the grid is per channel).
 */
export interface IntegerGrid {
  bits: number;
  step: number | null;
}

export type ConstantTensor =
  /** `dataType`: the ONNX element type when it is not float32 (a float16 model's weights). */
  | { kind: 'float'; dims: number[]; values: Float32Array; dataType?: number; grid?: IntegerGrid }
  /** `dataType`: the ONNX element type, where it decides a result (QuantizeLinear saturates to its zero point's). */
  | { kind: 'int'; dims: number[]; values: number[]; dataType?: number };

type TypedField = (number | Long)[] | null | undefined;

/** How one element type is stored: its raw_data width and reader, and the typed field used without raw_data. */
interface ElementCodec {
  kind: ConstantTensor['kind'];
  bytes: number;
  readRaw(view: DataView, offset: number): number;
  field(tensor: TensorProto): TypedField;
  /** Float16 and bfloat16 keep bit patterns in int32_data; other types keep their values. */
  fromField(value: number): number;
}

const { DataType } = onnx.TensorProto;
const littleEndianHost = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;
const asIs = (value: number) => value;
const int32Field = (tensor: TensorProto) => tensor.int32Data;
const uint64Field = (tensor: TensorProto) => tensor.uint64Data;

function codec(
  kind: ConstantTensor['kind'],
  bytes: number,
  readRaw: ElementCodec['readRaw'],
  field: ElementCodec['field'],
  fromField: ElementCodec['fromField'] = asIs,
): ElementCodec {
  return { kind, bytes, readRaw, field, fromField };
}

// ONNX TensorProto.DataType values; string and complex tensors are not numbers a layer can use.
const codecs: Partial<Record<number, ElementCodec>> = {
  [DataType.FLOAT]: codec(
    'float',
    4,
    (v, o) => v.getFloat32(o, true),
    (t) => t.floatData,
  ),
  [DataType.DOUBLE]: codec(
    'float',
    8,
    (v, o) => v.getFloat64(o, true),
    (t) => t.doubleData,
  ),
  [DataType.FLOAT16]: codec('float', 2, (v, o) => halfToFloat(v.getUint16(o, true)), int32Field, halfToFloat),
  [DataType.BFLOAT16]: codec(
    'float',
    2,
    (v, o) => bfloatToFloat(v.getUint16(o, true)),
    int32Field,
    bfloatToFloat,
  ),
  [DataType.INT8]: codec('int', 1, (v, o) => v.getInt8(o), int32Field),
  [DataType.UINT8]: codec('int', 1, (v, o) => v.getUint8(o), int32Field),
  [DataType.BOOL]: codec('int', 1, (v, o) => v.getUint8(o), int32Field),
  [DataType.INT16]: codec('int', 2, (v, o) => v.getInt16(o, true), int32Field),
  [DataType.UINT16]: codec('int', 2, (v, o) => v.getUint16(o, true), int32Field),
  [DataType.INT32]: codec('int', 4, (v, o) => v.getInt32(o, true), int32Field),
  [DataType.UINT32]: codec('int', 4, (v, o) => v.getUint32(o, true), uint64Field),
  [DataType.INT64]: codec(
    'int',
    8,
    (v, o) => Number(v.getBigInt64(o, true)),
    (t) => t.int64Data,
  ),
  [DataType.UINT64]: codec('int', 8, (v, o) => Number(v.getBigUint64(o, true)), uint64Field),
};

/**
 * The tensor's values, or null for element types that are not numbers (strings, complex). Throws a plain Error
 * when the data does not fill the dims; the caller adds the file.
 */
export function decodeTensor(tensor: TensorProto): ConstantTensor | null {
  const elementCodec = codecs[tensor.dataType ?? DataType.UNDEFINED];
  if (!elementCodec) return null;
  const dims = (tensor.dims ?? []).map(Number);
  const count = dims.reduce((a, b) => a * b, 1);
  const values = elementCodec.kind === 'float' ? new Float32Array(count) : new Array<number>(count);
  const raw = tensor.rawData;
  if (raw && raw.byteLength > 0) {
    checkCount(tensor, raw.byteLength / elementCodec.bytes, count);
    if (values instanceof Float32Array && tensor.dataType === DataType.FLOAT && littleEndianHost) {
      // The common case, weights as raw float32: one copy (which also aligns the bytes), no DataView loop.
      new Uint8Array(values.buffer).set(raw);
    } else {
      const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
      for (let i = 0; i < count; i++) values[i] = elementCodec.readRaw(view, i * elementCodec.bytes);
    }
  } else {
    const field = elementCodec.field(tensor) ?? [];
    checkCount(tensor, field.length, count);
    for (let i = 0; i < count; i++) values[i] = elementCodec.fromField(Number(field[i]));
  }
  if (!(values instanceof Float32Array))
    return { kind: 'int', dims, values, dataType: tensor.dataType ?? undefined };
  return tensor.dataType === DataType.FLOAT
    ? { kind: 'float', dims, values }
    : { kind: 'float', dims, values, dataType: tensor.dataType ?? undefined };
}

function checkCount(tensor: TensorProto, stored: number, expected: number): void {
  if (stored !== expected) {
    const dims = (tensor.dims ?? []).map(Number).join(', ');
    throw new Error(
      `tensor "${tensor.name}" holds ${stored} values, but its dims [${dims}] need ${expected}`,
    );
  }
}

/** IEEE 754 binary16 → number (subnormals, infinities and NaN included). */
function halfToFloat(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >> 10) & 0x1f;
  const fraction = (bits & 0x3ff) / 1024;
  if (exponent === 0) return sign * 2 ** -14 * fraction;
  if (exponent === 31) return fraction ? NaN : sign * Infinity;
  return sign * 2 ** (exponent - 15) * (1 + fraction);
}

const bfloatScratch = new DataView(new ArrayBuffer(4));

/** bfloat16 is the upper half of a float32. */
function bfloatToFloat(bits: number): number {
  bfloatScratch.setUint32(0, bits << 16);
  return bfloatScratch.getFloat32(0);
}
