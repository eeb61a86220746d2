package dev.deletionjobs.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A replica's runs never outlive it for long: a folder whose process died (its lock free, or its lock file gone) is
 * swept by the next one to start, while a live process's folder, and anything not one of these folders, is left alone.
 * (Another process's lock is seen here as this JVM sees its own folders: not opened at all, since closing a channel to
 * a locked file would release the lock.)
 */
class SpillFolderTest {

    @TempDir
    Path spill;

    @Test
    void aFolderWhoseProcessDiedIsSweptAndALiveOnesIsNot() throws IOException {
        Path dead = Files.createDirectories(spill.resolve(SpillFolder.PREFIX + "dead"));
        Files.writeString(dead.resolve(SpillFolder.LOCK), "");
        Files.write(dead.resolve("job-ids-1.run"), new byte[4096]);
        // Its process ended while closing it: the lock file was deleted, a run was not.
        Path closing = Files.createDirectories(spill.resolve(SpillFolder.PREFIX + "closing"));
        Files.write(closing.resolve("job-ids-2.run"), new byte[16]);
        Path others = Files.createDirectories(spill.resolve("someone-elses"));
        Files.writeString(others.resolve(SpillFolder.LOCK), "");
        try (SpillFolder live = SpillFolder.under(spill)) {
            assertFalse(Files.exists(dead), "the dead process's runs are deleted");
            assertFalse(Files.exists(closing), "a named folder without its lock file is a dead process's too");
            assertTrue(Files.isDirectory(others), "a folder not named as ours is not ours");
            assertTrue(Files.isRegularFile(live.path().resolve(SpillFolder.LOCK)));
            Files.write(live.path().resolve("job-ids-3.run"), new byte[16]);
            try (SpillFolder second = SpillFolder.under(spill)) {
                assertTrue(Files.exists(live.path().resolve("job-ids-3.run")), "a live process's runs stay");
                assertEquals(3, folders());
            }
        }
        assertEquals(1, folders(), "each process's own folder goes with it, a run still there included");
    }

    @Test
    void aFolderThatVanishedIsMadeAgainLocked() throws IOException {
        try (SpillFolder folder = SpillFolder.under(spill)) {
            Path first = folder.path();
            Files.delete(first.resolve(SpillFolder.LOCK));
            Files.delete(first);
            Path again = folder.path();
            assertNotEquals(first, again);
            assertTrue(Files.isRegularFile(again.resolve(SpillFolder.LOCK)));
        }
        assertEquals(0, folders());
    }

    @Test
    void aSpillDirectoryThatCannotBeMadeIsNoReasonNotToStart() throws IOException {
        Path file = Files.writeString(spill.resolve("a-file"), "");
        try (SpillFolder folder = SpillFolder.under(file.resolve("spill"))) {
            assertTrue(folder.path().startsWith(file), "jobs that must spill fail naming it");
        }
    }

    private long folders() throws IOException {
        try (Stream<Path> folders = Files.list(spill)) {
            return folders.count();
        }
    }
}
