import io
import threading

from localrunner.output import LineWriter


def test_lines_written_piecewise_by_many_threads_come_out_whole():
    sink = io.StringIO()
    writer = LineWriter(sink)

    def emit(n):
        for i in range(200):
            # Three writes per line, as print() and hand-rolled writers do.
            writer.write(f'{{"thread": {n}, ')
            writer.write(f'"i": {i}}}')
            writer.write("\n")

    threads = [threading.Thread(target=emit, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    lines = sink.getvalue().splitlines()
    assert len(lines) == 1600
    assert all(line.startswith('{"thread": ') and line.endswith("}") for line in lines)
