package dev.replaymesh.storage.health;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import dev.replaymesh.testing.LocalMesh;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(LocalMesh.class)
class HealthTest {

    @Test
    void reportsReadyAndLive() {
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"))
                .body("checks.find { it.name == 'storage-ingest' }.status", equalTo("UP"));
        given().get("/q/health/ready").then()
                .body("checks.find { it.name == 'object-store' }.data.bucket", equalTo("replay"));
    }
}
