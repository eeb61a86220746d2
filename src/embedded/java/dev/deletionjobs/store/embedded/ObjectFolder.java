package dev.deletionjobs.store.embedded;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The buckets and objects of the embedded S3 endpoint, as folders and files: {@code s3://bucket/a/b.csv} is the file
 * {@code <root>/bucket/a/b.csv}, so what a developer uploads can also be read, replaced or removed with any file tool.
 */
final class ObjectFolder {

    // S3's own bucket rule, which also keeps a bucket from being "..", "." or the uploads folder.
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    // Uploads land here first and are moved into place whole, so a reader never sees half a file.
    private static final String UPLOADS = ".uploads";

    private final Path root;

    ObjectFolder(Path root) {
        this.root = root.toAbsolutePath().normalize();
        try {
            Files.createDirectories(this.root.resolve(UPLOADS));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the embedded S3 endpoint's folder " + this.root, e);
        }
    }

    Path root() {
        return root;
    }

    /** An object as stored: its size, last change and MD5 (S3's ETag of a single-part upload). */
    record StoredObject(String key, long size, Instant lastModified, String etag) {
    }

    /** A bucket or key this folder cannot hold; the endpoint answers it with {@code code} and the message. */
    static final class Refused extends Exception {
        private final int status;
        private final String code;

        Refused(int status, String code, String message) {
            super(message, null, false, false);
            this.status = status;
            this.code = code;
        }

        int status() {
            return status;
        }

        String code() {
            return code;
        }
    }

    boolean bucketExists(String bucket) throws Refused {
        return Files.isDirectory(bucketPath(bucket));
    }

    void createBucket(String bucket) throws Refused, IOException {
        Files.createDirectories(bucketPath(bucket));
    }

    /** Stores the object whole (the bucket is created on first use) and returns it. */
    StoredObject put(String bucket, String key, InputStream body) throws Refused, IOException {
        Path target = objectPath(bucket, key);
        if (Files.isDirectory(target)) {
            throw new Refused(409, "InvalidArgument", "The key " + key + " is a prefix of other objects here;"
                    + " this endpoint keeps objects as files and cannot hold both.");
        }
        Path upload = root.resolve(UPLOADS).resolve(UUID.randomUUID().toString());
        MessageDigest md5 = md5();
        try (OutputStream out = new DigestOutputStream(Files.newOutputStream(upload), md5)) {
            body.transferTo(out);
        } catch (IOException e) {
            Files.deleteIfExists(upload);
            throw e;
        }
        try {
            Files.createDirectories(target.getParent());
            move(upload, target);
        } catch (IOException e) {
            Files.deleteIfExists(upload);
            throw new Refused(409, "InvalidArgument", "The key " + key + " runs through another object's name;"
                    + " this endpoint keeps objects as files and cannot hold both.");
        }
        return stored(key, target, HexFormat.of().formatHex(md5.digest()));
    }

    Optional<StoredObject> find(String bucket, String key) throws Refused, IOException {
        Path file = objectPath(bucket, key);
        return Files.isRegularFile(file) ? Optional.of(stored(key, file, etagOf(file))) : Optional.empty();
    }

    InputStream open(String bucket, String key) throws Refused, IOException {
        return Files.newInputStream(objectPath(bucket, key));
    }

    /** Removes an object, and the folders it leaves empty below the bucket; a missing one is no error, as in S3. */
    void delete(String bucket, String key) throws Refused, IOException {
        Path bucketFolder = bucketPath(bucket);
        Path file = objectPath(bucket, key);
        if (!Files.isRegularFile(file)) {
            return;
        }
        Files.delete(file);
        for (Path folder = file.getParent(); !folder.equals(bucketFolder); folder = folder.getParent()) {
            try (Stream<Path> entries = Files.list(folder)) {
                if (entries.findAny().isPresent()) {
                    break;
                }
            }
            Files.delete(folder);
        }
    }

    /** Every object of the bucket whose key starts with {@code prefix}, in key order. */
    List<StoredObject> list(String bucket, String prefix) throws Refused, IOException {
        Path bucketFolder = bucketPath(bucket);
        List<StoredObject> objects = new ArrayList<>();
        Files.walkFileTree(bucketFolder, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                String key = bucketFolder.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
                if (attributes.isRegularFile() && key.startsWith(prefix)) {
                    objects.add(stored(key, file, etagOf(file)));
                }
                return FileVisitResult.CONTINUE;
            }
        });
        objects.sort((a, b) -> a.key().compareTo(b.key()));
        return objects;
    }

    private Path bucketPath(String bucket) throws Refused {
        if (!BUCKET.matcher(bucket).matches() || bucket.contains("..")) {
            throw new Refused(400, "InvalidBucketName", "The bucket name " + bucket + " is not valid: 3 to 63"
                    + " lower-case letters, digits, dots and hyphens.");
        }
        return root.resolve(bucket);
    }

    private Path objectPath(String bucket, String key) throws Refused {
        // A key names a file below its bucket and nothing else: no empty, "." or ".." segment, no folder marker.
        for (String segment : key.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                throw new Refused(400, "InvalidArgument", "The key " + key + " is not one this endpoint stores:"
                        + " it keeps objects as files, so a key has no empty, '.' or '..' part and does not end in '/'.");
            }
        }
        Path bucketFolder = bucketPath(bucket);
        try {
            Path file = bucketFolder.resolve(key).normalize();
            if (!file.startsWith(bucketFolder) || file.equals(bucketFolder)) {
                throw new Refused(400, "InvalidArgument", "The key " + key + " is not one this endpoint stores.");
            }
            return file;
        } catch (InvalidPathException e) {
            throw new Refused(400, "InvalidArgument", "The key " + key + " cannot be a file name here.");
        }
    }

    private static StoredObject stored(String key, Path file, String etag) throws IOException {
        return new StoredObject(key, Files.size(file), Files.getLastModifiedTime(file).toInstant(), etag);
    }

    private static String etagOf(Path file) throws IOException {
        MessageDigest md5 = md5();
        try (InputStream in = Files.newInputStream(file);
                OutputStream digest = new DigestOutputStream(OutputStream.nullOutputStream(), md5)) {
            in.transferTo(digest);
        }
        return HexFormat.of().formatHex(md5.digest());
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every JDK has MD5", e);
        }
    }

    /** Deletes the whole folder: the memory backend's objects go with the run that made them. */
    void deleteAll() throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path folder, IOException e) throws IOException {
                Files.delete(folder);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
