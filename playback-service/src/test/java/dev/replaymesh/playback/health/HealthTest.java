package dev.replaymesh.playback.health;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import dev.replaymesh.testing.LocalMesh;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(LocalMesh.class)
class HealthTest {

    @Test
    void readyOnceTheBucketAnswersAndTheCatalogIsRead() throws InterruptedException {
        long deadline = System.currentTimeMillis() + 30_000;
        while (given().get("/q/health/ready").statusCode() != 200 && System.currentTimeMillis() < deadline) {
            Thread.sleep(200);
        }
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"))
                .body("checks.name", hasItems("object-store", "session-catalog"));
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }
}
