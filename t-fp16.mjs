const f32 = new Float32Array(1); const u32 = new Uint32Array(f32.buffer);
function half(v){ f32[0]=v; const x=u32[0]; const sign=(x>>>16)&0x8000; let e=((x>>>23)&0xff)-127+15; let m=x&0x7fffff;
 if(e>=31) return sign|0x7c00; if(e<=0){ if(e<-10) return sign; m=(m|0x800000)>>>(1-e); return sign|((m+0x1000)>>>13);} return sign|((e<<10)+((m+0x1000)>>>13)); }
function toHalf(a){ return Uint16Array.from(a, half); }
import * as ort from 'onnxruntime-node';
import { readFileSync } from 'node:fs';
const m = JSON.parse(readFileSync('/tmp/fp16/fp16-manifest.json'));
for (const e of m.models) {
  const s = await ort.InferenceSession.create('/tmp/fp16/' + e.file);
  const buf = readFileSync('/tmp/fp16/' + e.inputFile);
  const x = new Float32Array(buf.buffer, buf.byteOffset, buf.length / 4);
  const feed = e.float16Inputs ? new ort.Tensor('float16', toHalf(x), e.input) : new ort.Tensor('float32', x, e.input);
  try {
  const out = await s.run({ [s.inputNames[0]]: feed });
  const y = out[s.outputNames[0]];
  const lb = readFileSync('/tmp/fp16/' + e.logitsFile); const l = new Float32Array(lb.buffer, lb.byteOffset, lb.length/4);
  let maxd = 0; const data = Array.from(y.data, Number); data.forEach((v,i)=>maxd=Math.max(maxd,Math.abs(v-l[i])));
  console.log(e.name, y.type, maxd, Math.max(...l.map(Math.abs)));
  } catch (err) { console.log(e.name, String(err).slice(0,300)); }
}
