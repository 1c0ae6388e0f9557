package io.logcount.jobs.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

import org.apache.hadoop.io.DataInputBuffer;
import org.apache.hadoop.io.DataOutputBuffer;
import org.apache.hadoop.io.WritableUtils;
import org.junit.jupiter.api.Test;

import io.logcount.sevenz.decode.Lzma2Blocks.Reset;

/** The index job's map output value: what goes in comes out, also through one reused object. */
class FolderResetsTest {

  private static FolderResets roundTrip(FolderResets value, FolderResets into) throws IOException {
    DataOutputBuffer out = new DataOutputBuffer();
    value.write(out);
    DataInputBuffer in = new DataInputBuffer();
    in.reset(out.getData(), out.getLength());
    into.readFields(in);
    assertEquals(out.getLength(), in.getPosition(), "readFields reads exactly what write wrote");
    return into;
  }

  @Test
  void roundTripsFolderArchiveAndResets() throws IOException {
    List<Reset> resets = Arrays.asList(new Reset(0, 0), new Reset(151_234, 1 << 20),
        new Reset(5_000_000_000L, 40_000_000_000L));
    FolderResets value = new FolderResets().set(7, 1_214_860, 1_764_069_420_000L, resets);
    FolderResets back = roundTrip(value, new FolderResets());
    assertEquals(value, back);
    assertEquals(7, back.folder());
    assertEquals(1_214_860, back.archiveLength());
    assertEquals(1_764_069_420_000L, back.archiveModificationTime());
    assertEquals(resets, back.resets());
  }

  @Test
  void reusedObjectHoldsOnlyTheLastValue() throws IOException {
    FolderResets reused = new FolderResets();
    roundTrip(new FolderResets().set(0, 10, 20, Arrays.asList(new Reset(0, 0), new Reset(5, 9))), reused);
    FolderResets second = new FolderResets().set(3, 11, 21, Collections.singletonList(new Reset(0, 0)));
    assertEquals(second, roundTrip(second, reused));
    assertEquals(1, reused.resets().size());
  }

  @Test
  void noResetsRoundTrips() throws IOException {
    FolderResets empty = new FolderResets().set(2, 0, 0, Collections.<Reset>emptyList());
    assertEquals(empty, roundTrip(empty, new FolderResets()));
  }

  @Test
  void setCopiesTheList() {
    List<Reset> list = new java.util.ArrayList<>(Collections.singletonList(new Reset(0, 0)));
    FolderResets value = new FolderResets().set(0, 1, 2, list);
    list.add(new Reset(9, 9));
    assertEquals(1, value.resets().size());
    assertThrows(UnsupportedOperationException.class, () -> value.resets().add(new Reset(1, 1)));
  }

  @Test
  void negativeCountIsRefused() throws IOException {
    DataOutputBuffer out = new DataOutputBuffer();
    WritableUtils.writeVInt(out, 4);
    WritableUtils.writeVLong(out, 100);
    WritableUtils.writeVLong(out, 200);
    WritableUtils.writeVInt(out, -1);
    DataInputBuffer in = new DataInputBuffer();
    in.reset(out.getData(), out.getLength());
    IOException e = assertThrows(IOException.class, () -> new FolderResets().readFields(in));
    assertTrue(e.getMessage().contains("folder 4"), e.getMessage());
  }
}
