import Database from 'better-sqlite3';
const db = new Database(process.argv[2]!, { readonly: true });
const qs = [
  `select * from logs where service = 'db' and level in ('ERROR','FATAL') order by id desc limit 101`,
  `select * from logs where template_id = 3 order by id desc limit 101`,
  `select * from logs where service='api' and ts >= 1767597450000 and ts < 1767598050000 order by id desc limit 101`,
  `select * from logs where user_name = 'user5' order by id desc limit 101`,
];
for (const q of qs) {
  console.log(q); console.log(db.prepare('explain query plan ' + q).all().map((r: any) => '   ' + r.detail).join('\n'));
  const s = performance.now(); db.prepare(q).all(); console.log('   ', (performance.now() - s).toFixed(1), 'ms');
}
