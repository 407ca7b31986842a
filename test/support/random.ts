export { seededRandom, type Random } from '../../src/demo/seededRandom.ts';
