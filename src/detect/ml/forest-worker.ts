/** Worker-thread entry for ForestPool: scores row ranges of a shared matrix with its forest copy. */
import { parentPort, workerData } from 'node:worker_threads';
import { scoreForest, type IsolationForest } from './isolation-forest.js';
import type { ForestTask } from './forest-pool.js';

const forest = workerData as IsolationForest;

parentPort!.on('message', (task: ForestTask) => {
  const data = new Float32Array(task.data);
  const out = new Float32Array(task.out);
  const rows = task.end - task.start;
  const from = task.offset + task.start * task.cols;
  const view = { data: data.subarray(from, from + rows * task.cols), rows, cols: task.cols };
  out.set(scoreForest(forest, view), task.start);
  parentPort!.postMessage(task.id);
});
