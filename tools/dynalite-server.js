// dynalite for the Java test suite (io.llmux.testing.dynamodb.Dynalite): listens on a free
// loopback port, prints it, and exits when its stdin closes, so it never outlives the JVM that
// started it, however that JVM ends. Tables become ACTIVE at once to keep tests fast.
const dynalite = require('dynalite');

const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
server.listen(0, '127.0.0.1', (err) => {
  if (err) {
    console.error('dynalite failed to listen: ' + err.message);
    process.exit(1);
  }
  console.log('dynalite listening on ' + server.address().port);
});
process.stdin.on('end', () => process.exit(0));
process.stdin.on('error', () => process.exit(0));
process.stdin.resume();
