package dev.deletionjobs.graphql;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.Interface;
import org.eclipse.microprofile.graphql.NonNull;

/**
 * Relay's global object identification: an object a client can fetch again by its {@code id} alone, through
 * {@code node} or {@code nodes}, as GitHub's and PostGraphile's APIs allow.
 */
@Interface("Node")
@Description("An object with a global id: fetch it again with node(id) or nodes(ids).")
public interface Node {

    // A getter, not a record-style accessor: SmallRye reads an interface's fields from getters only.
    @Id
    @NonNull
    @Description("The object's global id: opaque, to be stored and sent back as it is, never built by a client.")
    String getId();
}
