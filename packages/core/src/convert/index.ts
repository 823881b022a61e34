export { convertStu3, type Stu3Conversion, type ConvertStu3Options, type Stu3Removal } from './convert-stu3.js';
export { recogniseStu3, type Stu3Recognition, type Stu3Kind } from './stu3-recognise.js';
